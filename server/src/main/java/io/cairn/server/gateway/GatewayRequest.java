package io.cairn.server.gateway;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Everything the gateway reads from one {@code GET}/{@code HEAD /ipfs/…} request, parsed and
 * checked up front so that a malformed request is refused before any work is done.
 *
 * @param head whether only headers are wanted
 * @param path the content path (null for an IPNS record request)
 * @param format raw, CAR or deserialized (with the CAR parameters)
 * @param query the raw query string, or null (kept for redirects)
 * @param filename the {@code filename} parameter, or null
 * @param download whether {@code download=true} was asked
 * @param ifNoneMatch the {@code If-None-Match} header, or null
 * @param range the {@code Range} header, or null
 * @param ifRange the {@code If-Range} header, or null
 * @param onlyIfCached whether {@code Cache-Control: only-if-cached} was sent
 */
record GatewayRequest(boolean head, ContentPath path, ResponseFormat format, String query, String filename,
    boolean download, String ifNoneMatch, String range, String ifRange, boolean onlyIfCached) {

  static GatewayRequest parse(Request request) throws GatewayException {
    return parse(request, null);
  }

  /**
   * Parses a request; an {@code /ipns/NAME} path is resolved through {@code names} (null: such
   * paths are refused). A request for the name's record ({@code format=ipns-record}) is not
   * resolved: its path's root is left null.
   */
  static GatewayRequest parse(Request request, ContentPath.NameLookup names) throws GatewayException {
    Fields params;
    try {
      params = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw GatewayException.badRequest("the query string is malformed: " + e.getMessage());
    }
    var headers = request.getHeaders();
    String accept = headers.getValuesList(HttpHeader.ACCEPT).isEmpty() ? null
        : String.join(",", headers.getValuesList(HttpHeader.ACCEPT));
    ResponseFormat format = FormatNegotiation.negotiate(params::getValue, accept);
    String rawPath = request.getHttpURI().getPath();
    boolean ipns = rawPath.startsWith(ContentPath.IPNS_PREFIX);
    if (format.kind() == ResponseFormat.Kind.IPNS_RECORD) {
      if (!ipns) {
        throw GatewayException.badRequest("only /ipns/{name} has an IPNS record; ask for it there");
      }
      return new GatewayRequest(HttpMethod.HEAD.is(request.getMethod()), null, format, request.getHttpURI().getQuery(),
          null, false, null, null, null, false);
    }
    ContentPath path;
    if (ipns && names != null) {
      path = ContentPath.parseIpns(rawPath, names);
    } else {
      path = ContentPath.parse(rawPath);
    }
    boolean bareRoot = path.segments().isEmpty() && !path.trailingSlash();
    if (bareRoot && "script".equalsIgnoreCase(headers.get("Service-Worker"))) {
      throw GatewayException.badRequest("a service worker may only be registered under /ipfs/{cid}/ (with the '/')");
    }
    String cacheControl = String.join(",", headers.getValuesList(HttpHeader.CACHE_CONTROL)).toLowerCase(Locale.ROOT);
    return new GatewayRequest(HttpMethod.HEAD.is(request.getMethod()), path, format, request.getHttpURI().getQuery(),
        params.getValue("filename"), "true".equals(params.getValue("download")),
        headers.get(HttpHeader.IF_NONE_MATCH), headers.get(HttpHeader.RANGE), headers.get(HttpHeader.IF_RANGE),
        cacheControl.contains("only-if-cached"));
  }

  /** The requested path with {@code ?query} appended when there was one. */
  String pathAndQuery(String path) {
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }
}
