package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A UnixFS file's bytes (or a raw block's, which is a one-block file), with a Content-Type
 * from its name or its first bytes, and HTTP ranges ({@link RangedBody}). Each range is read
 * with {@link UnixfsExporter#open(Cid, long, long)}, which does not fetch the blocks before it.
 */
final class FileResponder {
  private final UnixfsExporter exporter;

  FileResponder(UnixfsExporter exporter) {
    this.exporter = exporter;
  }

  /**
   * @param file the file's CID
   * @param size its size in bytes
   * @param name the name that gives its type ("" when unknown)
   */
  void respond(GatewayRequest req, Resolution res, GatewayResponse out, Cid file, long size, String name)
      throws IOException {
    String etag = Etags.deserialized(file);
    if (out.prepare(res, etag)) {
      return;
    }
    String type = contentType(req, file, size, name);
    if (req.filename() != null || req.download()) {
      String fn = req.filename() != null ? req.filename() : name.isEmpty() ? file.toString() : name;
      out.disposition(req.download() ? "attachment" : "inline", fn);
    }
    RangedBody.send(req, out, etag, type, size, (offset, length, to) -> copy(file, offset, length, to));
  }

  /** Copies exactly {@code length} bytes of the file from {@code offset}, or fails. */
  private void copy(Cid file, long offset, long length, OutputStream to) throws IOException {
    byte[] buf = new byte[ResponseBody.BUFFER];
    long left = length;
    try (InputStream in = exporter.open(file, offset, length)) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException(file + " ended " + left + " bytes before its declared size");
        }
        to.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private String contentType(GatewayRequest req, Cid file, long size, String name) throws IOException {
    if (req.filename() != null) {
      var byFilename = ContentTypes.byName(req.filename());
      if (byFilename.isPresent()) {
        return byFilename.get();
      }
    }
    var byName = ContentTypes.byName(name);
    if (byName.isPresent()) {
      return byName.get();
    }
    byte[] head;
    try (InputStream in = exporter.open(file, 0, ContentTypes.SNIFF_BYTES)) {
      head = in.readAllBytes();
    }
    return ContentTypes.sniff(head, size <= ContentTypes.SNIFF_BYTES);
  }
}
