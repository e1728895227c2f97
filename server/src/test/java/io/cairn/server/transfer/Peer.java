package io.cairn.server.transfer;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A real daemon on a free loopback port over its own in-memory store: a provider. */
final class Peer implements AutoCloseable {
  final MemoryStore store = new MemoryStore();
  final Config config = Config.defaults(Identity.generate());
  final NodeContext node = new NodeContext(store, config, new Metrics());
  final Daemon daemon;
  private volatile boolean closed;

  Peer() throws IOException {
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    daemon = Daemon.start(node, any, any);
  }

  String url() {
    return daemon.gateway().httpUrl();
  }

  /** The gateway's address as Kubo writes an HTTP provider. */
  String multiaddr() {
    return daemon.gateway() + "/http";
  }

  ImportedNode file(byte[] data) throws IOException {
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), store::put, 1)) {
      return imp.file(new ByteArrayInputStream(data), Metadata.NONE);
    }
  }

  /**
   * A tree: {@code files} small files in a HAMT-sharded directory, beside a sub-directory with
   * a {@code bigSize}-byte file. Deterministic for a seed, so every peer imports the same CIDs.
   */
  ImportedNode tree(int files, int bigSize, long seed) throws IOException {
    Random r = new Random(seed);
    Map<String, ImportedNode> shardEntries = new TreeMap<>();
    for (int i = 0; i < files; i++) {
      byte[] b = new byte[100 + r.nextInt(3000)];
      r.nextBytes(b);
      shardEntries.put("file-" + i + ".bin", file(b));
    }
    ImportedNode shard = dir(shardEntries, 1000);
    ImportedNode big = file(random(bigSize, seed + 1));
    ImportedNode sub = dir(Map.of("big.bin", big), ImportOptions.DEFAULT_HAMT_THRESHOLD);
    return dir(Map.of("sharded", shard, "sub", sub), ImportOptions.DEFAULT_HAMT_THRESHOLD);
  }

  private ImportedNode dir(Map<String, ImportedNode> entries, long hamtThreshold) throws IOException {
    List<DirectoryEntry> list = new ArrayList<>();
    entries.forEach((name, n) -> list.add(new DirectoryEntry(name, n)));
    ImportOptions options = ImportOptions.builder().hamtThreshold(hamtThreshold).build();
    try (UnixfsImporter imp = new UnixfsImporter(options, store::put, 1)) {
      return imp.directory(list, Metadata.NONE);
    }
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      daemon.close();
    }
  }
}
