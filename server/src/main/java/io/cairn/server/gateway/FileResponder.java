package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import io.cairn.unixfs.FileChunks;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A UnixFS file's bytes (or a raw block's, which is a one-block file), with a Content-Type
 * from its name or its first bytes, and HTTP ranges ({@link RangedBody}). Each range is read
 * with {@link UnixfsExporter#chunks(Cid, long, long)}, which does not fetch the blocks before
 * it, and each block's bytes are written as they are.
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
    RangedBody.Plan plan = RangedBody.plan(req, out, etag, type, size);
    if (req.head()) {
      out.jetty().setStatus(plan.status());
      return;
    }
    ResponseBody body = out.open(plan.status());
    for (RangedBody.Part part : plan.parts()) {
      switch (part) {
        case RangedBody.Bytes b -> body.write(b.bytes());
        case RangedBody.Slice s -> copy(file, s.offset(), s.length(), body);
      }
    }
    body.close();
  }

  /**
   * Copies exactly {@code length} bytes of the file from {@code offset}, or fails. Each block's
   * bytes go to the body as they are, one write per block; long ranges read the next blocks
   * while one is written ({@link ReadAhead}).
   */
  private void copy(Cid file, long offset, long length, ResponseBody to) throws IOException {
    long left = length;
    FileChunks blocks = exporter.chunks(file, offset, length);
    try (FileChunks chunks = length >= ReadAhead.MIN_LENGTH ? new ReadAhead(blocks) : blocks) {
      for (ByteBuffer piece = chunks.next(); piece != null; piece = chunks.next()) {
        left -= piece.remaining();
        to.write(piece);
      }
    }
    if (left != 0) {
      throw new IOException(file + " ended " + left + " bytes before its declared size");
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
