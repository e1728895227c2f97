package io.cairn.server.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks the response type from {@code ?format=} (which wins) or the {@code Accept} header, and
 * the CAR parameters from the Accept media type's {@code version}, {@code order} and
 * {@code dups}, overridden by {@code car-version}, {@code car-order}, {@code car-dups},
 * {@code dag-scope} and {@code entity-bytes} query parameters.
 *
 * <p>Unsupported but well-formed requests (another CAR version, an order Cairn does not
 * produce, a format it does not serve) are 406; malformed values are 400.
 */
final class FormatNegotiation {
  static final String RAW_TYPE = "application/vnd.ipld.raw";
  static final String IPNS_RECORD_TYPE = "application/vnd.ipfs.ipns-record";

  /** Gateway formats other implementations serve and Cairn does not. */
  private static final List<String> UNSERVED_TYPES = List.of("application/x-tar", "application/vnd.ipld.dag-json",
      "application/vnd.ipld.dag-cbor");

  private FormatNegotiation() {}

  /**
   * @param query the request's query parameters (null when absent)
   * @param accept the Accept header, or null
   */
  static ResponseFormat negotiate(Function<String, String> query, String accept) throws GatewayException {
    String format = query.apply("format");
    List<MediaRange> ranges = accept == null ? List.of() : MediaRange.parseList(accept);
    if (format != null) {
      switch (format) {
        case "raw" -> {
          return new ResponseFormat(ResponseFormat.Kind.RAW, null, false);
        }
        case "car" -> {
          MediaRange car = ranges.stream().filter(r -> r.type.equals(CarParams.MEDIA_TYPE)).findFirst().orElse(null);
          return new ResponseFormat(ResponseFormat.Kind.CAR, carParams(car, query), false);
        }
        case "ipns-record" -> {
          return new ResponseFormat(ResponseFormat.Kind.IPNS_RECORD, null, false);
        }
        default -> throw GatewayException.notAcceptable("format=" + format + " is not served here; this gateway"
            + " serves format=raw, format=car, format=ipns-record (for /ipns/ names) and deserialized UnixFS");
      }
    }
    GatewayException refused = null;
    for (MediaRange r : ranges) {
      if (r.type.equals(RAW_TYPE)) {
        return new ResponseFormat(ResponseFormat.Kind.RAW, null, true);
      } else if (r.type.equals(IPNS_RECORD_TYPE)) {
        return new ResponseFormat(ResponseFormat.Kind.IPNS_RECORD, null, true);
      } else if (r.type.equals(CarParams.MEDIA_TYPE)) {
        try {
          return new ResponseFormat(ResponseFormat.Kind.CAR, carParams(r, query), true);
        } catch (GatewayException e) {
          if (e.status() != 406) {
            throw e;
          }
          refused = e; // another media range may still be acceptable
        }
      } else if (UNSERVED_TYPES.contains(r.type)) {
        refused = GatewayException.notAcceptable(r.type + " is not served here; ask for "
            + RAW_TYPE + " or " + CarParams.MEDIA_TYPE + "; version=1");
      } else {
        return ResponseFormat.DESERIALIZED; // text/html, */*, image/*, ...
      }
    }
    if (refused != null) {
      throw refused;
    }
    return ResponseFormat.DESERIALIZED;
  }

  private static CarParams carParams(MediaRange accept, Function<String, String> query) throws GatewayException {
    Map<String, String> p = accept == null ? Map.of() : accept.params;
    String version = firstNonNull(query.apply("car-version"), p.get("version"));
    if (version != null && !version.isEmpty()) {
      if (!version.matches("[0-9]{1,9}")) {
        throw GatewayException.badRequest("CAR version '" + version + "' is not a number");
      }
      if (!version.equals("1")) {
        throw GatewayException.notAcceptable("CAR version " + version + " is not served; only version=1");
      }
    }
    String order = firstNonNull(query.apply("car-order"), p.get("order"));
    if (order != null && !order.isEmpty() && !order.equals("dfs") && !order.equals("unk")) {
      if (!order.matches("[a-z0-9-]{1,32}")) {
        throw GatewayException.badRequest("CAR order '" + order + "' is not a valid value");
      }
      throw GatewayException.notAcceptable("CAR order=" + order + " is not served; only order=dfs (or unk)");
    }
    String dupsText = firstNonNull(query.apply("car-dups"), p.get("dups"));
    boolean dups = false; // unspecified: no duplicates, as the spec recommends
    if (dupsText != null && !dupsText.isEmpty()) {
      switch (dupsText) {
        case "y" -> dups = true;
        case "n" -> dups = false;
        default -> throw GatewayException.badRequest("CAR dups must be y or n, not '" + dupsText + "'");
      }
    }
    String scopeText = query.apply("dag-scope");
    DagScope scope = scopeText == null ? null : DagScope.parse(scopeText);
    String bytesText = query.apply("entity-bytes");
    EntityRange range = bytesText == null ? null : EntityRange.parse(bytesText);
    if (range != null && scope != DagScope.BLOCK) {
      scope = DagScope.ENTITY; // entity-bytes implies entity; only the narrower block scope stays
    } else if (range != null) {
      range = null;
    }
    return new CarParams(dups, scope == null ? DagScope.ALL : scope, range);
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** One entry of an Accept header: a lower-case media type, its parameters and its q. */
  record MediaRange(String type, Map<String, String> params, double q) {
    static List<MediaRange> parseList(String header) throws GatewayException {
      List<MediaRange> out = new ArrayList<>();
      for (String entry : header.split(",")) {
        String[] parts = entry.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
          continue;
        }
        if (!type.matches("[a-z0-9!#$&^_.+*-]+/[a-z0-9!#$&^_.+*-]+")) {
          throw GatewayException.badRequest("Accept header entry '" + entry.trim() + "' is not a media type");
        }
        Map<String, String> params = new HashMap<>();
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String kv = parts[i].trim();
          if (kv.isEmpty()) {
            continue;
          }
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw GatewayException.badRequest("Accept parameter '" + kv + "' has no value");
          }
          String key = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
          String value = kv.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          if (key.equals("q")) {
            try {
              q = Double.parseDouble(value);
            } catch (NumberFormatException e) {
              throw GatewayException.badRequest("Accept q value '" + value + "' is not a number");
            }
          } else {
            params.put(key, value);
          }
        }
        if (q > 0) {
          out.add(new MediaRange(type, params, q));
        }
      }
      out.sort(Comparator.comparingDouble(MediaRange::q).reversed()); // stable: ties keep their order
      return out;
    }
  }
}
