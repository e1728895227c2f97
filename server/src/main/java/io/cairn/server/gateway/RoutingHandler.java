package io.cairn.server.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Delegated routing v1 ({@code /routing/v1/providers/{cid}}) answered for this node only: when
 * the store holds the block, one {@code peer} record naming this node and its gateway as an
 * HTTP multiaddr ({@code /ip4/…/tcp/…/http}) with protocol {@code transport-ipfs-gateway-http};
 * otherwise 404. JSON by default, ndjson (one record per line) on
 * {@code Accept: application/x-ndjson}. Cache-Control follows the reference server: five
 * minutes for an answer, 15 seconds for none, stale use allowed for 48 hours.
 *
 * <p>{@code /ipns/{name}}: GET the record this node holds, PUT a valid record to keep
 * ({@link IpnsRouting}). Peer routing ({@code /peers/…}) and other {@code PUT}s are not served:
 * 501, as the spec asks for unsupported paths and methods. Unknown paths are 400.
 */
public final class RoutingHandler extends Handler.Abstract {
  static final String PREFIX = "/routing/v1/";
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";
  static final String GATEWAY_PROTOCOL = "transport-ipfs-gateway-http";
  private static final String ALLOW = "GET, HEAD, OPTIONS";
  private static final int MAX_AGE_FOUND = 300;
  private static final int MAX_AGE_NOT_FOUND = 15;
  private static final int MAX_STALE = 48 * 3600;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final NodeContext node;
  private final IpnsRouting ipns;

  public RoutingHandler(NodeContext node) {
    this.node = node;
    this.ipns = new IpnsRouting(node);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOW);
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
    String[] parts = rest.split("/", -1);
    String kind = parts[0];
    boolean known = kind.equals("providers") || kind.equals("peers") || kind.equals("ipns");
    try {
      if (HttpMethod.OPTIONS.is(method)) {
        response.setStatus(204);
        h.put(HttpHeader.ALLOW, ALLOW);
        h.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Accept, Content-Type");
        callback.succeeded();
      } else if (!known || parts.length > 2) {
        text(response, callback, 400,
            "unknown routing path " + path + "; this node serves /routing/v1/providers/{cid}");
      } else if (kind.equals("ipns")) {
        ipns.handle(request, response, callback, method, parts.length < 2 ? "" : parts[1]);
      } else if (HttpMethod.PUT.is(method)) {
        text(response, callback, 501, "this node does not accept routing records (PUT " + path + ")");
      } else if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
        h.put(HttpHeader.ALLOW, ALLOW);
        text(response, callback, 405, method + " is not allowed here (" + ALLOW + ")");
      } else if (!kind.equals("providers")) {
        text(response, callback, 501, "/routing/v1/" + kind + " is not served by this node; it answers providers and ipns");
      } else if (parts.length < 2 || parts[1].isEmpty()) {
        text(response, callback, 400, "the path needs a CID: /routing/v1/providers/{cid}");
      } else {
        providers(request, response, callback, parts[1]);
      }
    } catch (IOException | RuntimeException e) {
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        text(response, callback, 500, "could not look up providers: " + e.getMessage());
      }
    }
    return true;
  }

  private void providers(Request request, Response response, Callback callback, String cidText) throws IOException {
    Cid cid;
    try {
      cid = Cid.parse(cidText);
    } catch (MalformedDataException | IllegalArgumentException e) {
      text(response, callback, 400, "'" + cidText + "' is not a valid CID: " + e.getMessage());
      return;
    }
    String type = responseType(request.getHeaders().getValuesList(HttpHeader.ACCEPT));
    if (type == null) {
      text(response, callback, 400, "Accept must allow " + JSON + " or " + NDJSON);
      return;
    }
    boolean found = node.store().has(cid);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, type);
    h.put(HttpHeader.VARY, "Accept");
    int maxAge = found ? MAX_AGE_FOUND : MAX_AGE_NOT_FOUND;
    h.put(HttpHeader.CACHE_CONTROL,
        "public, max-age=" + maxAge + ", stale-while-revalidate=" + MAX_STALE + ", stale-if-error=" + MAX_STALE);
    response.setStatus(found ? 200 : 404);
    String body;
    if (type.equals(NDJSON)) {
      body = found ? MAPPER.writeValueAsString(record(request)) + "\n" : "";
    } else {
      ObjectNode doc = MAPPER.createObjectNode();
      var list = doc.putArray("Providers");
      if (found) {
        list.add(record(request));
      }
      body = MAPPER.writeValueAsString(doc);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    if (HttpMethod.HEAD.is(request.getMethod())) {
      callback.succeeded();
      return;
    }
    node.metrics().sent(bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** This node as a {@code peer} record with its gateway's HTTP address. */
  private ObjectNode record(Request request) {
    ObjectNode p = MAPPER.createObjectNode();
    p.put("Schema", "peer");
    p.put("ID", node.peerId());
    p.putArray("Addrs").add(gatewayMultiaddr(request));
    p.putArray("Protocols").add(GATEWAY_PROTOCOL);
    return p;
  }

  /**
   * The gateway's address as an HTTP multiaddr. When it listens on every interface (0.0.0.0
   * or ::), which no client can dial, the address this request arrived on is given instead.
   */
  private String gatewayMultiaddr(Request request) {
    Multiaddr gw = node.gatewayAddress();
    if (gw != null && !isUnspecified(gw.host())) {
      return gw + "/http";
    }
    String host = Request.getLocalAddr(request);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Request.getLocalPort(request);
    return "/" + (host.contains(":") ? "ip6" : "ip4") + "/" + host + "/tcp/" + port + "/http";
  }

  private static boolean isUnspecified(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
  }

  /** ndjson when asked for, else JSON when allowed (or nothing was said); null when neither. */
  static String responseType(List<String> acceptHeaders) {
    if (acceptHeaders.isEmpty()) {
      return JSON;
    }
    boolean json = false;
    for (String header : acceptHeaders) {
      for (String entry : header.split(",")) {
        String type = entry.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(NDJSON)) {
          return NDJSON;
        }
        json |= type.equals(JSON) || type.equals("*/*") || type.equals("application/*");
      }
    }
    return json ? JSON : null;
  }

  static void text(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
