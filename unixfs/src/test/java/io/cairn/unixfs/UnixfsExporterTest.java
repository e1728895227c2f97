package io.cairn.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnixfsExporterTest {
  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of("balanced dag-pb leaves", ImportOptions.builder().chunkSize(1000).maxLinks(3).build()),
        Arguments.of("balanced raw leaves", ImportOptions.builder().chunkSize(1000).maxLinks(4).cidVersion(1).build()),
        Arguments.of("trickle", ImportOptions.builder().chunkSize(700).maxLinks(3).layout(Layout.TRICKLE).build()),
        Arguments.of("trickle raw", ImportOptions.builder().chunkSize(512).maxLinks(2).layout(Layout.TRICKLE)
            .rawLeaves(true).build()),
        Arguments.of("inlined", ImportOptions.builder().chunkSize(16).maxLinks(5).inline(true).inlineLimit(64)
            .rawLeaves(true).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readsBackAnyRange(String name, ImportOptions options) throws Exception {
    Random rnd = new Random(42);
    for (int size : new int[] {0, 1, 999, 1000, 1001, 12_345, 60_000}) {
      byte[] data = new byte[size];
      rnd.nextBytes(data);
      MemoryBlocks mem = new MemoryBlocks();
      Cid root;
      try (UnixfsImporter imp = new UnixfsImporter(options, mem)) {
        root = imp.file(new ByteArrayInputStream(data), Metadata.NONE).cid();
      }
      UnixfsExporter ex = new UnixfsExporter(mem);
      assertEquals(size, ex.stat(root).size());
      assertArrayEquals(data, ex.open(root).readAllBytes(), name + " size " + size);
      for (int i = 0; i < 20 && size > 0; i++) {
        int off = rnd.nextInt(size + 1);
        int len = rnd.nextInt(size - off + 10);
        byte[] want = Arrays.copyOfRange(data, off, Math.min(size, off + len));
        assertArrayEquals(want, ex.open(root, off, len).readAllBytes(), name + " " + off + "+" + len);
        assertArrayEquals(want, readChunks(ex.chunks(root, off, len)), name + " chunks " + off + "+" + len);
      }
      assertArrayEquals(data, readChunks(ex.chunks(root, 0, Long.MAX_VALUE)), name + " chunks, size " + size);
    }
  }

  /** Every piece, checked to be non-empty, concatenated. */
  static byte[] readChunks(FileChunks chunks) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (chunks) {
      for (java.nio.ByteBuffer b = chunks.next(); b != null; b = chunks.next()) {
        assertTrue(b.hasRemaining(), "pieces are never empty");
        byte[] piece = new byte[b.remaining()];
        b.get(piece);
        out.write(piece);
      }
      assertEquals(null, chunks.next(), "the end stays the end");
    }
    return out.toByteArray();
  }

  @Test
  void chunksAreWholeBlocksWithoutCopies() throws Exception {
    byte[] data = new byte[10_000];
    new Random(3).nextBytes(data);
    MemoryBlocks mem = new MemoryBlocks();
    Cid root;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().chunkSize(1000).maxLinks(4).cidVersion(1)
        .build(), mem)) {
      root = imp.file(new ByteArrayInputStream(data), Metadata.NONE).cid();
    }
    FileChunks chunks = new UnixfsExporter(mem).chunks(root, 1500, 2000);
    java.nio.ByteBuffer first = chunks.next();
    assertEquals(500, first.remaining(), "the rest of the second leaf");
    assertEquals(data[1500], first.get(0));
    assertEquals(1000, chunks.next().remaining(), "a whole leaf");
    assertEquals(500, chunks.next().remaining(), "the start of the fourth leaf, where the range ends");
    assertEquals(null, chunks.next());
  }

  @Test
  void rangeReadFetchesOnlyCoveringBlocks() throws Exception {
    byte[] data = new byte[100 * 1000];
    new Random(1).nextBytes(data);
    MemoryBlocks mem = new MemoryBlocks();
    Cid root;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().chunkSize(1000).maxLinks(10).build(), mem)) {
      root = imp.file(new ByteArrayInputStream(data), Metadata.NONE).cid();
    }
    UnixfsExporter ex = new UnixfsExporter(mem);
    try (InputStream in = ex.open(root, 98_500, 1000)) {
      mem.gets = 0;
      assertArrayEquals(Arrays.copyOfRange(data, 98_500, 99_500), in.readAllBytes());
    }
    // root + one level-1 node + two leaves; not the 100 leaves before
    assertTrue(mem.gets <= 4, "fetched " + mem.gets + " blocks");
  }

  @Test
  void listsAndResolvesPlainAndShardedDirectories() throws Exception {
    for (long threshold : new long[] {262_144, 1}) {
      MemoryBlocks mem = new MemoryBlocks();
      Cid root;
      List<String> names = new ArrayList<>();
      try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().hamtThreshold(threshold).build(), mem)) {
        List<DirectoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
          String n = "file-" + i + "-é";
          names.add(n);
          entries.add(new DirectoryEntry(n, imp.file(new ByteArrayInputStream(n.getBytes()), Metadata.NONE)));
        }
        ImportedNode sub = imp.directory(entries, new Metadata(0750, new UnixTime(1_700_000_000, 5)));
        root = imp.directory(List.of(new DirectoryEntry("sub", sub)), Metadata.NONE).cid();
      }
      UnixfsExporter ex = new UnixfsExporter(mem);
      Cid sub = ex.resolve(root, "sub");
      UnixfsEntry st = ex.stat(sub);
      assertEquals(threshold == 1 ? UnixfsEntry.Kind.HAMT_DIRECTORY : UnixfsEntry.Kind.DIRECTORY, st.kind());
      assertEquals(0750, st.mode().getAsInt());
      assertEquals(new UnixTime(1_700_000_000, 5), st.mtime().get());
      List<String> listed = ex.list(sub).stream().map(DirectoryLink::name).sorted().toList();
      assertEquals(names.stream().sorted().toList(), listed);
      assertArrayEquals("file-599-é".getBytes(), ex.open(ex.resolve(root, "/sub/file-599-é")).readAllBytes());
      assertThrows(PathNotFoundException.class, () -> ex.resolve(root, "sub/nope"));
      assertThrows(PathNotFoundException.class, () -> ex.resolve(root, "sub/file-1-é/deeper"));
      assertThrows(NotAFileException.class, () -> ex.open(sub));
    }
  }

  @Test
  void balancedTreeGrowsALevelPastMaxLinksSquared() throws Exception {
    // 51 chunks at 7 links per node: Kubo's root has two links, a full 7x7 subtree and a
    // chain down to the last two leaves (all leaves at depth 3).
    MemoryBlocks mem = new MemoryBlocks();
    Cid root;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().chunkSize(10).maxLinks(7).build(), mem)) {
      root = imp.file(new ByteArrayInputStream(new byte[51 * 10]), Metadata.NONE).cid();
    }
    io.cairn.codec.PbNode top = io.cairn.codec.DagPb.decode(mem.blocks.get(root));
    assertEquals(2, top.links().size());
    assertArrayEquals(new long[] {490, 20}, UnixfsData.decode(top.dataOrEmpty()).blocksizes());
    io.cairn.codec.PbNode chain = io.cairn.codec.DagPb.decode(mem.blocks.get(top.links().get(1).hash()));
    assertEquals(1, chain.links().size());
    io.cairn.codec.PbNode last = io.cairn.codec.DagPb.decode(mem.blocks.get(chain.links().get(0).hash()));
    assertEquals(2, last.links().size());
    assertEquals(51 * 10, new UnixfsExporter(mem).open(root).readAllBytes().length);
  }

  @Test
  void leafWhoseFilesizeDisagreesWithItsDataIsAnError() throws Exception {
    MemoryBlocks mem = new MemoryBlocks();
    byte[] leaf = io.cairn.codec.DagPb.encode(io.cairn.codec.PbNode.of(List.of(),
        UnixfsData.builder(UnixfsType.FILE).data("abc".getBytes()).filesize(100).build().encode()));
    Cid leafCid = Cid.v0(io.cairn.codec.Multihash.sha256(leaf));
    mem.blocks.put(leafCid, leaf);
    assertThrows(MalformedDataException.class, () -> new UnixfsExporter(mem).open(leafCid).readAllBytes());
  }

  @Test
  void skipReportsOnlyWhatItSkipped() throws Exception {
    MemoryBlocks mem = new MemoryBlocks();
    Cid root;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().chunkSize(4).build(), mem)) {
      root = imp.file(new ByteArrayInputStream("hello world".getBytes()), Metadata.NONE).cid();
    }
    try (InputStream in = new UnixfsExporter(mem).open(root)) {
      in.skipNBytes(6);
      assertEquals('w', in.read());
      assertThrows(java.io.EOFException.class, () -> in.skipNBytes(100));
    }
  }

  @Test
  void sharedSubShardsAreRefused() throws Exception {
    // a shard whose buckets 00 and 01 both link to the same sub-shard
    MemoryBlocks mem = new MemoryBlocks();
    Cid sub;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().hamtThreshold(1).build(), mem)) {
      ImportedNode f = imp.file(new ByteArrayInputStream(new byte[] {1}), Metadata.NONE);
      sub = imp.directory(List.of(new DirectoryEntry("a", f), new DirectoryEntry("b", f)), Metadata.NONE).cid();
    }
    byte[] subBytes = mem.blocks.get(sub);
    long tsize = subBytes.length;
    byte[] evil = io.cairn.codec.DagPb.encode(io.cairn.codec.PbNode.of(
        List.of(io.cairn.codec.PbLink.of(sub, "00", tsize), io.cairn.codec.PbLink.of(sub, "01", tsize)),
        UnixfsData.builder(UnixfsType.HAMT_SHARD).data(new byte[] {3}).hashType(0x22).fanout(256).build().encode()));
    Cid evilCid = Cid.v0(io.cairn.codec.Multihash.sha256(evil));
    mem.blocks.put(evilCid, evil);
    assertThrows(MalformedDataException.class, () -> new UnixfsExporter(mem).list(evilCid));
  }

  @Test
  void farFutureMtimeSaturates() {
    assertTrue(new UnixTime(1L << 60, 0).toFileTime().toMillis() > 0);
  }

  @Test
  void symlinkStat() throws Exception {
    MemoryBlocks mem = new MemoryBlocks();
    Cid link;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), mem)) {
      link = imp.symlink("../target", Metadata.NONE).cid();
    }
    UnixfsEntry e = new UnixfsExporter(mem).stat(link);
    assertEquals(UnixfsEntry.Kind.SYMLINK, e.kind());
    assertEquals("../target", e.symlinkTarget().get());
  }

  @Test
  void missingBlockAndInconsistentSizesAreErrors() throws Exception {
    byte[] data = new byte[5000];
    MemoryBlocks mem = new MemoryBlocks();
    Cid root;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().chunkSize(1000).build(), mem)) {
      root = imp.file(new ByteArrayInputStream(data), Metadata.NONE).cid();
    }
    // all five leaves are the same zero block: dropping it breaks the read
    Cid leaf = mem.blocks.keySet().stream().filter(c -> !c.equals(root)).findFirst().orElseThrow();
    mem.blocks.remove(leaf);
    UnixfsExporter ex = new UnixfsExporter(mem);
    assertThrows(BlockNotFoundException.class, () -> ex.open(root).readAllBytes());

    // a root whose blocksizes lie about a child
    MemoryBlocks bad = new MemoryBlocks();
    Cid child;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().cidVersion(1).build(), bad)) {
      child = imp.file(new ByteArrayInputStream(new byte[10]), Metadata.NONE).cid();
    }
    byte[] lying = io.cairn.codec.DagPb.encode(io.cairn.codec.PbNode.of(
        List.of(io.cairn.codec.PbLink.of(child, "", 10)),
        UnixfsData.builder(UnixfsType.FILE).filesize(11).blocksizes(new long[] {11}).build().encode()));
    Cid lyingCid = Cid.v1(io.cairn.codec.Multicodec.DAG_PB, io.cairn.codec.Multihash.sha256(lying));
    bad.blocks.put(lyingCid, lying);
    assertThrows(MalformedDataException.class, () -> new UnixfsExporter(bad).open(lyingCid).readAllBytes());
  }
}
