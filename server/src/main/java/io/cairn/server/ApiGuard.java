package io.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.store.Config;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Kubo's protections for the RPC API, in front of every API route:
 *
 * <ul>
 *   <li>A request from a browser page (an {@code Origin} header, or failing that a
 *       {@code Referer}) is refused with 403 unless its origin is the API's own address or is
 *       listed in {@code API.HTTPHeaders.Access-Control-Allow-Origin} ({@code "*"} allows all).
 *   <li>When {@code API.Authorizations} has entries ({@code {"name": {"AuthSecret":
 *       "bearer:TOKEN" | "basic:USER:PASS", "AllowedPaths": ["/api/v0"]}}}), every request must
 *       carry a matching {@code Authorization} header for an allowed path, else 401 (403 for
 *       a path the secret does not cover).
 * </ul>
 */
final class ApiGuard extends Handler.Wrapper {
  private record Secret(String header, List<String> allowedPaths) {}

  private final Set<String> allowedOrigins = new HashSet<>();
  private final boolean anyOrigin;
  private final List<Secret> secrets = new ArrayList<>();

  ApiGuard(Config config, Handler next) {
    super(next);
    JsonNode acao = config.get("API.HTTPHeaders.Access-Control-Allow-Origin").orElse(null);
    boolean any = false;
    if (acao != null && acao.isArray()) {
      for (JsonNode o : acao) {
        String s = o.asText();
        if (s.equals("*")) {
          any = true;
        } else {
          allowedOrigins.add(normalize(s));
        }
      }
    }
    anyOrigin = any;
    JsonNode auths = config.get("API.Authorizations").orElse(null);
    if (auths != null && auths.isObject()) {
      for (Map.Entry<String, JsonNode> e : auths.properties()) {
        String secret = e.getValue().path("AuthSecret").asText("");
        List<String> paths = new ArrayList<>();
        e.getValue().path("AllowedPaths").forEach(p -> paths.add(p.asText()));
        if (paths.isEmpty()) {
          paths.add("/api/v0");
        }
        String header = headerFor(secret, e.getKey());
        secrets.add(new Secret(header, paths));
      }
    }
  }

  private static String headerFor(String secret, String name) {
    if (secret.startsWith("bearer:")) {
      return "Bearer " + secret.substring(7);
    } else if (secret.startsWith("basic:")) {
      return "Basic " + Base64.getEncoder().encodeToString(secret.substring(6).getBytes(StandardCharsets.UTF_8));
    } else if (!secret.isEmpty() && !secret.contains(":")) {
      return "Bearer " + secret;
    }
    throw new IllegalArgumentException("API.Authorizations." + name + ".AuthSecret must be 'bearer:TOKEN' or"
        + " 'basic:USER:PASSWORD'; fix it with 'cairn config --json API.Authorizations ...'");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      String referer = request.getHeaders().get(HttpHeader.REFERER);
      if (referer != null) {
        origin = originOf(referer);
      }
    }
    if (origin != null && !originAllowed(origin, request)) {
      Response.writeError(request, response, callback, 403,
          "origin " + origin + " is not allowed to use this API (add it to API.HTTPHeaders.Access-Control-Allow-Origin)");
      return true;
    }
    if (origin != null) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.getHeaders().put(HttpHeader.VARY, "Origin");
    }
    if (!secrets.isEmpty()) {
      String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      String path = Request.getPathInContext(request);
      Secret match = null;
      if (auth != null) {
        for (Secret s : secrets) {
          if (MessageDigest.isEqual(s.header.getBytes(StandardCharsets.UTF_8), auth.getBytes(StandardCharsets.UTF_8))) {
            match = s;
            break;
          }
        }
      }
      if (match == null) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
        Response.writeError(request, response, callback, 401,
            "this API needs an Authorization header matching one of API.Authorizations");
        return true;
      }
      if (match.allowedPaths.stream().noneMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"))) {
        Response.writeError(request, response, callback, 403, "this secret does not allow " + path);
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  private boolean originAllowed(String origin, Request request) {
    if (anyOrigin) {
      return true;
    }
    String o = normalize(origin);
    if (allowedOrigins.contains(o)) {
      return true;
    }
    // the API's own page (Kubo allows the API address itself, e.g. for its web UI)
    int port = Request.getLocalPort(request);
    return o.equals("http://127.0.0.1:" + port) || o.equals("http://localhost:" + port) || o.equals("http://[::1]:" + port);
  }

  private static String originOf(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return "null";
      }
      return u.getScheme() + "://" + u.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return "null";
    }
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(java.util.Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
