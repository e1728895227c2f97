package io.cairn.server.gateway;

import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Config;
import io.cairn.store.Identity;
import io.cairn.store.MemoryStore;
import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A real daemon on free loopback ports over an in-memory store, UnixFS content imported with
 * the real importer, and a plain java.net.http client that never follows redirects.
 */
final class GatewayFixture implements AutoCloseable {
  final MemoryStore store = new MemoryStore();
  final Metrics metrics = new Metrics();
  final NodeContext node;
  final Daemon daemon;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  GatewayFixture() throws IOException {
    node = new NodeContext(store, Config.defaults(Identity.generate()), metrics);
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    daemon = Daemon.start(node, any, any);
  }

  String base() {
    return daemon.gateway().httpUrl();
  }

  /** Imports a file with the given options. */
  ImportedNode file(byte[] data, ImportOptions options) throws IOException {
    try (UnixfsImporter imp = new UnixfsImporter(options, store::put, 1)) {
      return imp.file(new ByteArrayInputStream(data), Metadata.NONE);
    }
  }

  ImportedNode file(String text) throws IOException {
    return file(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), ImportOptions.defaults());
  }

  ImportedNode symlink(String target) throws IOException {
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), store::put, 1)) {
      return imp.symlink(target, Metadata.NONE);
    }
  }

  /** A directory of these entries (in any order; the importer sorts), sharded past {@code hamtThreshold}. */
  ImportedNode dir(Map<String, ImportedNode> entries, long hamtThreshold) throws IOException {
    List<DirectoryEntry> list = new ArrayList<>();
    entries.forEach((name, node) -> list.add(new DirectoryEntry(name, node)));
    ImportOptions options = ImportOptions.builder().hamtThreshold(hamtThreshold).build();
    try (UnixfsImporter imp = new UnixfsImporter(options, store::put, 1)) {
      return imp.directory(list, Metadata.NONE);
    }
  }

  ImportedNode dir(Map<String, ImportedNode> entries) throws IOException {
    return dir(entries, ImportOptions.DEFAULT_HAMT_THRESHOLD);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The CIDs a DAG-PB block links to, in order. */
  List<Cid> links(Cid cid) throws IOException {
    return DagPb.decode(store.get(cid)).links().stream().map(l -> l.hash()).toList();
  }

  HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, headers);
  }

  HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
    return send("HEAD", path, headers);
  }

  HttpResponse<byte[]> send(String method, String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(method, path, headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpRequest request(String method, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  /** The blocks of a CAR body, in order, each checked against its CID by the reader. */
  static List<Block> carBlocks(byte[] car) throws IOException {
    List<Block> out = new ArrayList<>();
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      for (Block b = r.next(); b != null; b = r.next()) {
        out.add(b);
      }
    }
    return out;
  }

  static List<Cid> carRoots(byte[] car) throws IOException {
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      return r.roots();
    }
  }

  static List<Cid> cids(List<Block> blocks) {
    return blocks.stream().map(Block::cid).toList();
  }

  @Override
  public void close() throws IOException {
    daemon.close();
  }
}
