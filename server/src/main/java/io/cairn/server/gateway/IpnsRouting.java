package io.cairn.server.gateway;

import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ipns.IpnsName;
import io.cairn.codec.ipns.IpnsRecord;
import io.cairn.codec.ipns.IpnsRecordException;
import io.cairn.server.NodeContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Delegated routing v1 for names, {@code /routing/v1/ipns/{name}}: GET (and HEAD) answer the
 * record this node holds ({@code application/vnd.ipfs.ipns-record}; 404 when none, or when it has
 * expired); PUT takes a record (at most 10 KiB), validates it against the name and keeps it when
 * it is newer than the one held (200), refusing an invalid one with 400 and the reason.
 */
final class IpnsRouting {
  private final NodeContext node;

  IpnsRouting(NodeContext node) {
    this.node = node;
  }

  void handle(Request request, Response response, Callback callback, String method, String nameText)
      throws IOException {
    IpnsName name;
    try {
      name = IpnsName.parse(nameText);
    } catch (MalformedDataException e) {
      RoutingHandler.text(response, callback, 400, "'" + nameText + "' is not an IPNS name (k51…): " + e.getMessage());
      return;
    }
    if (HttpMethod.PUT.is(method)) {
      put(request, response, callback, name);
    } else if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      get(response, callback, name, HttpMethod.HEAD.is(method));
    } else {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, PUT, OPTIONS");
      RoutingHandler.text(response, callback, 405, method + " is not allowed here (GET, HEAD, PUT)");
    }
  }

  private void get(Response response, Callback callback, IpnsName name, boolean head) throws IOException {
    Optional<IpnsRecord> record;
    try {
      record = node.names().record(name);
    } catch (IpnsRecordException e) {
      RoutingHandler.text(response, callback, 404, e.getMessage());
      return;
    }
    if (record.isEmpty()) {
      RoutingHandler.text(response, callback, 404, "no IPNS record for " + name + " is held by this node");
      return;
    }
    byte[] bytes = record.get().encode();
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, FormatNegotiation.IPNS_RECORD_TYPE);
    h.put(HttpHeader.CACHE_CONTROL, "public, max-age=" + record.get().ttl().toSeconds());
    h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    response.setStatus(200);
    if (head) {
      callback.succeeded();
      return;
    }
    node.metrics().sent(bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  private void put(Request request, Response response, Callback callback, IpnsName name) throws IOException {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(IpnsRecord.MAX_SIZE + 1);
    }
    try {
      boolean kept = node.names().put(name, body);
      response.setStatus(200);
      if (!kept) {
        response.getHeaders().put("X-Cairn-Ipns", "kept the held record (same or higher sequence)");
      }
      callback.succeeded();
    } catch (IpnsRecordException e) {
      RoutingHandler.text(response, callback, 400, "record refused: " + e.getMessage());
    }
  }
}
