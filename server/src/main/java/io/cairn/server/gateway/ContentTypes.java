package io.cairn.server.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Content-Type of a deserialized file: by its name's extension when known, else by
 * sniffing its first bytes (the magic numbers of common formats, then HTML, JSON, UTF-8 text),
 * else {@code application/octet-stream}. A deliberately small table.
 */
final class ContentTypes {
  /** How many leading bytes {@link #sniff} looks at. */
  static final int SNIFF_BYTES = 512;
  static final String OCTET_STREAM = "application/octet-stream";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("html", HTML), Map.entry("htm", HTML),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("txt", TEXT), Map.entry("md", "text/markdown; charset=utf-8"),
      Map.entry("csv", "text/csv; charset=utf-8"),
      Map.entry("xml", "application/xml"), Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
      Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
      Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"),
      Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
      Map.entry("car", CarParams.MEDIA_TYPE));

  private static final String[] HTML_STARTS = {"<!doctype html", "<html", "<head", "<body", "<script", "<title",
      "<style", "<div", "<p>", "<h1", "<table", "<a ", "<br", "<!--"};

  private ContentTypes() {}

  /** The type for a file name's extension, if the table has it. */
  static Optional<String> byName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0 || dot == name.length() - 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /**
   * The type of content starting with {@code head} (up to {@link #SNIFF_BYTES} bytes, the whole
   * file when {@code complete}).
   */
  static String sniff(byte[] head, boolean complete) {
    if (startsWith(head, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
      return "image/png";
    }
    if (startsWith(head, 0xff, 0xd8, 0xff)) {
      return "image/jpeg";
    }
    if (startsWith(head, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 'G', 'I', 'F', '8', '9', 'a')) {
      return "image/gif";
    }
    if (startsWith(head, '%', 'P', 'D', 'F', '-')) {
      return "application/pdf";
    }
    if (startsWith(head, 'P', 'K', 3, 4)) {
      return "application/zip";
    }
    if (startsWith(head, 0x1f, 0x8b, 8)) {
      return "application/gzip";
    }
    if (startsWith(head, 0, 'a', 's', 'm')) {
      return "application/wasm";
    }
    if (!isText(head, complete)) {
      return OCTET_STREAM;
    }
    String text = new String(head, StandardCharsets.UTF_8).stripLeading();
    String lower = text.toLowerCase(Locale.ROOT);
    for (String start : HTML_STARTS) {
      if (lower.startsWith(start)) {
        return HTML;
      }
    }
    if (looksLikeJson(text)) {
      return "application/json";
    }
    return TEXT;
  }

  /** An object or array opening with something only JSON would put there. */
  private static boolean looksLikeJson(String text) {
    if (text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
      return false;
    }
    String rest = text.substring(1).stripLeading();
    if (rest.isEmpty()) {
      return false;
    }
    char c = rest.charAt(0);
    return text.charAt(0) == '{' ? c == '"' || c == '}' : c == '"' || c == '{' || c == '[' || c == ']'
        || c == '-' || Character.isDigit(c) || rest.startsWith("true") || rest.startsWith("false")
        || rest.startsWith("null");
  }

  /** Valid UTF-8 (a character cut off at the end of a partial sample is fine) with no binary control bytes. */
  private static boolean isText(byte[] head, boolean complete) {
    for (byte b : head) {
      int c = b & 0xff;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
        return false;
      }
    }
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int end = head.length;
    if (!complete) {
      // drop a multi-byte character cut off by the sample's end (at most 3 bytes)
      int i = end - 1;
      while (i >= 0 && i >= end - 3 && (head[i] & 0xc0) == 0x80) {
        i--;
      }
      if (i >= 0 && (head[i] & 0xc0) == 0xc0) {
        end = i;
      }
    }
    try {
      d.decode(ByteBuffer.wrap(Arrays.copyOf(head, end)));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
