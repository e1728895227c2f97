package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.unixfs.DirectoryLink;
import io.cairn.unixfs.PathNotFoundException;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Deserialized responses (no format asked for, e.g. a browser):
 *
 * <ul>
 *   <li>a file (UnixFS file or raw block): its bytes, see {@link FileResponder};
 *   <li>a directory: at a URL without the trailing '/', a 301 to the URL with it; else its
 *       {@code index.html} when it has one, else an HTML listing (HAMT directories too);
 *   <li>a symlink: its target path as {@code text/plain} (never followed: a target names a
 *       path outside the DAG);
 *   <li>DAG-CBOR and DAG-JSON: the block as-is with its IPLD media type (DAG-CBOR checked to
 *       decode first); other codecs, and DAG-PB that is not UnixFS: 501, pointing at
 *       {@code ?format=raw} and {@code ?format=car}.
 * </ul>
 */
final class UnixfsResponder {
  private final UnixfsExporter exporter;
  private final FileResponder files;

  UnixfsResponder(UnixfsExporter exporter) {
    this.exporter = exporter;
    this.files = new FileResponder(exporter);
  }

  void respond(GatewayRequest req, Resolution res, GatewayResponse out) throws GatewayException, IOException {
    Cid cid = res.terminal();
    Multicodec codec = cid.codec();
    if (codec.equals(Multicodec.DAG_CBOR) || codec.equals(Multicodec.DAG_JSON)) {
      block(req, res, out, codec);
      return;
    }
    if (!codec.equals(Multicodec.DAG_PB) && !codec.equals(Multicodec.RAW)) {
      throw new GatewayException(501, cid + " is " + codec + " data, which has no deserialized form here;"
          + " ask for ?format=raw or ?format=car");
    }
    UnixfsEntry entry;
    try {
      entry = exporter.stat(cid);
    } catch (MalformedDataException e) {
      throw new GatewayException(501, cid + " is not UnixFS (" + e.getMessage() + ");"
          + " ask for ?format=raw or ?format=car");
    }
    switch (entry.kind()) {
      case FILE -> files.respond(req, res, out, cid, entry.size(), req.path().lastName());
      case DIRECTORY, HAMT_DIRECTORY -> directory(req, res, out, cid);
      case SYMLINK -> symlink(req, res, out, cid, entry.symlinkTarget().orElse(""));
    }
  }

  private void directory(GatewayRequest req, Resolution res, GatewayResponse out, Cid dir) throws IOException {
    if (!req.path().trailingSlash()) {
      out.jetty().setStatus(301);
      out.headers().put(HttpHeader.LOCATION, req.pathAndQuery(req.path().raw() + "/"));
      out.cacheControl();
      return;
    }
    Cid index = null;
    try {
      index = exporter.resolve(dir, "index.html");
    } catch (PathNotFoundException e) {
      // no index.html: list the directory
    }
    if (index != null) {
      UnixfsEntry e = exporter.stat(index);
      if (e.kind() == UnixfsEntry.Kind.FILE) {
        files.respond(req, res, out, index, e.size(), "index.html");
        return;
      }
    }
    if (out.prepare(res, DirectoryListing.etag(dir))) {
      return;
    }
    out.headers().put(HttpHeader.CONTENT_TYPE, ContentTypes.HTML);
    if (req.head()) {
      out.headOfStream(200);
      return;
    }
    List<DirectoryLink> entries = exporter.list(dir);
    ResponseBody body = out.open(200);
    Writer w = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
    List<String> shown = req.path().visibleSegments();
    String title = req.path().shown() + "/" + (shown.isEmpty() ? "" : String.join("/", shown) + "/");
    DirectoryListing.write(w, title, !shown.isEmpty(), dir, entries);
    w.close();
  }

  private void symlink(GatewayRequest req, Resolution res, GatewayResponse out, Cid cid, String target)
      throws IOException {
    if (out.prepare(res, Etags.deserialized(cid))) {
      return;
    }
    byte[] text = target.getBytes(StandardCharsets.UTF_8);
    out.headers().put(HttpHeader.CONTENT_TYPE, ContentTypes.TEXT);
    out.headers().put(HttpHeader.CONTENT_LENGTH, Integer.toString(text.length));
    if (!req.head()) {
      out.send(200, ByteBuffer.wrap(text));
    }
  }

  private void block(GatewayRequest req, Resolution res, GatewayResponse out, Multicodec codec)
      throws GatewayException, IOException {
    byte[] data = res.terminalBlock();
    if (codec.equals(Multicodec.DAG_CBOR)) {
      try {
        DagCbor.decode(data);
      } catch (MalformedDataException e) {
        throw new GatewayException(500, res.terminal() + " is not valid DAG-CBOR: " + e.getMessage());
      }
    }
    if (out.prepare(res, Etags.deserialized(res.terminal()))) {
      return;
    }
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.CONTENT_TYPE, "application/vnd.ipld." + codec.name());
    h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(data.length));
    h.put(GatewayResponse.NOSNIFF);
    if (!req.head()) {
      out.send(200, ByteBuffer.wrap(data));
    }
  }
}
