package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.server.node.Names;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A content path, {@code /ipfs/{cid}[/{segment}…][/]} or {@code /ipns/{name}[/…]}, taken from the request's raw
 * (still percent-encoded) path so that an encoded {@code /} can be told from a real one.
 *
 * <p>Each segment is percent-decoded on its own and must be valid UTF-8. Segments that could
 * mean something other than a name in the DAG are refused with 400: {@code .} (the handler
 * first redirects a literal one away, see {@link #withoutDotSegments}), {@code ..},
 * empty segments ({@code //}), an encoded {@code /} ({@code %2F}) and NUL. Only a single
 * trailing {@code /} is allowed; it marks a directory URL. Nothing here ever touches a local
 * file system: the segments are link names looked up in the DAG.
 *
 * @param root the CID after {@code /ipfs/} (for {@code /ipns/NAME}, the CID its record points to)
 * @param segments the decoded path segments after it
 * @param trailingSlash whether the path ended with {@code /}
 * @param raw the path as requested, still encoded (for headers and redirects)
 * @param hidden how many leading segments came from an IPNS record's value rather than the URL
 * @param shown the path's start as the client sees it: {@code /ipfs/CID} or {@code /ipns/NAME}
 * @param ttl for an {@code /ipns/} path, how long its record says it may be cached; null for an
 *     immutable {@code /ipfs/} path
 */
record ContentPath(Cid root, List<String> segments, boolean trailingSlash, String raw, int hidden, String shown,
    Duration ttl) {
  static final String PREFIX = "/ipfs/";
  static final String IPNS_PREFIX = "/ipns/";

  /** Resolves the name in an {@code /ipns/NAME/…} URL to the content path its record holds. */
  interface NameLookup {
    /** @return a decoded content path, {@code /ipfs/CID[/segment…]}, and its TTL */
    Names.Resolved resolve(String name) throws GatewayException;
  }

  ContentPath {
    segments = List.copyOf(segments);
  }

  ContentPath(Cid root, List<String> segments, boolean trailingSlash, String raw) {
    this(root, segments, trailingSlash, raw, 0, PREFIX + root, null);
  }

  static ContentPath parse(String rawPath) throws GatewayException {
    if (!rawPath.startsWith(PREFIX)) {
      throw GatewayException.badRequest("a content path looks like /ipfs/{cid}[/path], not " + rawPath);
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    String cidText = decode(parts[0]);
    if (cidText.isEmpty()) {
      throw GatewayException.badRequest("the path has no CID after /ipfs/");
    }
    Cid root = cid(cidText);
    List<String> segments = new ArrayList<>();
    boolean trailing = segments(parts, segments);
    return new ContentPath(root, segments, trailing, rawPath);
  }

  /**
   * Parses {@code /ipns/NAME[/path]}: the name is resolved by {@code names} to the content path
   * its record holds, and the URL's segments are appended to that path's.
   */
  static ContentPath parseIpns(String rawPath, NameLookup names) throws GatewayException {
    if (!rawPath.startsWith(IPNS_PREFIX)) {
      throw GatewayException.badRequest("a name path looks like /ipns/{name}[/path], not " + rawPath);
    }
    String[] parts = rawPath.substring(IPNS_PREFIX.length()).split("/", -1);
    String name = decode(parts[0]);
    if (name.isEmpty()) {
      throw GatewayException.badRequest("the path has no name after /ipns/");
    }
    List<String> asked = new ArrayList<>();
    boolean trailing = segments(parts, asked);
    Names.Resolved resolved = names.resolve(name);
    String target = resolved.path();
    if (!target.startsWith(PREFIX)) {
      throw new GatewayException(502, "the name " + name + " points at '" + target + "', which this gateway cannot serve");
    }
    String[] targetParts = target.substring(PREFIX.length()).split("/");
    Cid root = cid(targetParts[0]);
    List<String> segments = new ArrayList<>();
    for (int i = 1; i < targetParts.length; i++) {
      String seg = targetParts[i];
      if (seg.equals(".") || seg.equals("..") || seg.indexOf('\0') >= 0) {
        throw new GatewayException(502, "the record of " + name + " points at '" + target
            + "', a path with '.', '..' or NUL segments, which this gateway does not follow");
      }
      if (!seg.isEmpty()) {
        segments.add(seg);
      }
    }
    int hidden = segments.size();
    segments.addAll(asked);
    return new ContentPath(root, segments, trailing, rawPath, hidden, IPNS_PREFIX + name, resolved.ttl());
  }

  private static Cid cid(String cidText) throws GatewayException {
    try {
      return Cid.parse(cidText);
    } catch (MalformedDataException | IllegalArgumentException e) {
      throw GatewayException.badRequest("'" + cidText + "' is not a valid CID: " + e.getMessage());
    }
  }

  /** Decodes and checks {@code parts[1..]} into {@code out}; returns whether a trailing '/' ended them. */
  private static boolean segments(String[] parts, List<String> out) throws GatewayException {
    boolean trailing = false;
    for (int i = 1; i < parts.length; i++) {
      String s = decode(parts[i]);
      if (s.isEmpty()) {
        if (i == parts.length - 1) {
          trailing = true;
          continue;
        }
        throw GatewayException.badRequest("the path has an empty segment (//)");
      }
      if (s.equals(".") || s.equals("..")) {
        throw GatewayException.badRequest("'.' and '..' are not allowed in a content path");
      }
      if (s.indexOf('/') >= 0) {
        throw GatewayException.badRequest("a path segment may not contain an encoded '/' (%2F)");
      }
      if (s.indexOf('\0') >= 0) {
        throw GatewayException.badRequest("a path segment may not contain NUL");
      }
      out.add(s);
    }
    return trailing;
  }

  /**
   * The path without its {@code .} segments ({@code /a/./b} → {@code /a/b}, {@code /a/.} →
   * {@code /a/}), or null when it has none. Clients that build URLs by joining ({@code apt}
   * asks a flat repository {@code …/./Packages}) get a redirect there, as Go's HTTP server
   * (Kubo's) gives; {@code ..} stays refused, since it could climb out of the root.
   */
  static String withoutDotSegments(String rawPath) {
    if (!rawPath.contains("/./") && !rawPath.endsWith("/.")) {
      return null;
    }
    StringBuilder out = new StringBuilder(rawPath.length());
    String[] parts = rawPath.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      if (parts[i].equals(".")) {
        if (last) {
          out.append('/');
        }
        continue;
      }
      if (i > 0) {
        out.append('/');
      }
      out.append(parts[i]);
    }
    return out.toString();
  }

  /** The segments the URL shows after {@link #shown} (those not taken from an IPNS record). */
  List<String> visibleSegments() {
    return segments.subList(hidden, segments.size());
  }

  /** Percent-decodes one segment; '+' stays '+'. */
  private static String decode(String s) throws GatewayException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      int c = s.codePointAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw GatewayException.badRequest("the path has a bad percent-escape near '" + s.substring(i) + "'");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = Character.toString(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(c) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw GatewayException.badRequest("the path is not valid UTF-8 once percent-decoded");
    }
  }

  /** The segments joined with '/', as the UnixFS resolver takes them ("" for the root). */
  String subPath() {
    return String.join("/", segments);
  }

  /** The last segment's name, or empty for the bare root. */
  String lastName() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }
}
