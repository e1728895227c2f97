package io.cairn.server.rpc;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A multipart/form-data body written the way kubo-rpc-client writes one. */
final class Multipart {
  final String boundary = "-----------------------------cairnTestBoundary7d3f";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int index;

  Multipart file(String path, byte[] content) {
    return part("file", path, "application/octet-stream", content);
  }

  Multipart file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  Multipart dir(String path) {
    return part("dir", path, "application/x-directory", new byte[0]);
  }

  Multipart symlink(String path, String target) {
    return part("symlink", path, "application/symlink", target.getBytes(StandardCharsets.UTF_8));
  }

  /** A part with a form field name of its own (kubo-rpc-client puts mode and mtime there). */
  Multipart part(String formName, String path, String contentType, byte[] content) {
    String name = formName + (index > 0 && !formName.contains("?") ? "-" + index : "");
    write((index > 0 ? "\r\n" : "") + "--" + boundary + "\r\n");
    write("Content-Disposition: form-data; name=\"" + name + "\"; filename=\""
        + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\n");
    write("Content-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(content);
    index++;
    return this;
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(out.toByteArray());
    all.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return all.toByteArray();
  }
}
