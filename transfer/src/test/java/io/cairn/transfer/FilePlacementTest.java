package io.cairn.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import io.cairn.store.Links;
import io.cairn.store.MemoryStore;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsData;
import io.cairn.unixfs.UnixfsImporter;
import io.cairn.unixfs.UnixfsType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilePlacementTest {
  @TempDir Path dir;

  /** A file DAG several levels deep (1 KiB chunks, 4 links a node), its blocks in {@code source}. */
  private static ImportedNode importFile(MemoryStore source, byte[] data, boolean rawLeaves) throws IOException {
    ImportOptions options = ImportOptions.builder().chunkSize(1024).maxLinks(4).rawLeaves(rawLeaves)
        .cidVersion(rawLeaves ? 1 : 0).build();
    try (UnixfsImporter imp = new UnixfsImporter(options, source::put, 1)) {
      return imp.file(new ByteArrayInputStream(data), Metadata.NONE);
    }
  }

  /**
   * The blocks under {@code root} that {@code held} lacks, each after its parent (as CARs bring
   * them, several subtrees at once): a random pick among those whose parent has come.
   */
  private static List<Block> arrivalOrder(MemoryStore source, Cid root, Set<Cid> held, long seed) throws IOException {
    Random r = new Random(seed);
    List<Cid> ready = new ArrayList<>(List.of(root));
    Set<Cid> seen = new LinkedHashSet<>();
    List<Block> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      Cid c = ready.remove(r.nextInt(ready.size()));
      if (!seen.add(c)) {
        continue;
      }
      byte[] bytes = source.get(c);
      if (!held.contains(c)) {
        out.add(Block.verified(c, bytes));
      }
      ready.addAll(Links.of(c, bytes));
    }
    return out;
  }

  private FileChannel output() throws IOException {
    return FileChannel.open(dir.resolve("out"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @ParameterizedTest(name = "raw leaves {0}")
  @ValueSource(booleans = {true, false})
  void placesAFileWhoseBlocksArriveInAnyOrderParentsFirst(boolean rawLeaves) throws IOException {
    MemoryStore source = new MemoryStore();
    byte[] data = new byte[70_000];
    new Random(1).nextBytes(data);
    ImportedNode file = importFile(source, data, rawLeaves);
    AtomicLong told = new AtomicLong();
    try (FileChannel out = output()) {
      FilePlacement p = new FilePlacement(file.cid(), new MemoryStore(), out, FetchListener.NONE, told::addAndGet);
      assertFalse(p.complete(data.length));
      for (Block b : arrivalOrder(source, file.cid(), Set.of(), 2)) {
        p.storedBlock(b);
      }
      assertTrue(p.complete(data.length), () -> "gave up: " + p.gaveUp());
      assertEquals(data.length, p.placed());
    }
    assertEquals(data.length, told.get());
    assertArrayEquals(data, Files.readAllBytes(dir.resolve("out")));
  }

  @Test
  void placesWhatTheStoreHoldsAtOnceAndTheRestAsItArrives() throws IOException {
    MemoryStore source = new MemoryStore();
    byte[] data = new byte[50_000];
    new Random(3).nextBytes(data);
    ImportedNode file = importFile(source, data, true);
    MemoryStore local = new MemoryStore(); // a fetch that stopped part-way: the root and about half of the rest
    Set<Cid> held = new LinkedHashSet<>();
    Random r = new Random(4);
    for (Block b : arrivalOrder(source, file.cid(), Set.of(), 5)) {
      if (b.cid().equals(file.cid()) || r.nextBoolean()) {
        local.put(b);
        held.add(b.cid());
      }
    }
    try (FileChannel out = output()) {
      FilePlacement p = new FilePlacement(file.cid(), local, out, FetchListener.NONE, n -> {});
      assertTrue(p.placed() > 0, "held leaves under the held root were written at once");
      List<Block> missing = arrivalOrder(source, file.cid(), held, 6);
      assertFalse(missing.isEmpty());
      for (Block b : missing) {
        p.storedBlock(b);
      }
      assertTrue(p.complete(data.length), () -> "gave up: " + p.gaveUp());
    }
    assertArrayEquals(data, Files.readAllBytes(dir.resolve("out")));
  }

  @Test
  void aLeafThatCameBeforeAnotherParentNamedItIsLeftToTheCaller() throws IOException {
    MemoryStore source = new MemoryStore();
    byte[] data = new byte[8 * 1024]; // chunks 0–3 and 7 are zeros: one leaf under both of the root's children
    new Random(7).nextBytes(data);
    java.util.Arrays.fill(data, 0, 4 * 1024, (byte) 0);
    java.util.Arrays.fill(data, 7 * 1024, 8 * 1024, (byte) 0);
    ImportedNode file = importFile(source, data, true);
    PbNode root = DagPb.decode(source.get(file.cid()));
    Cid first = root.links().get(0).hash();
    Cid second = root.links().get(1).hash();
    Cid zeros = DagPb.decode(source.get(first)).links().get(0).hash();
    try (FileChannel out = output()) {
      FilePlacement p = new FilePlacement(file.cid(), new MemoryStore(), out, FetchListener.NONE, n -> {});
      p.storedBlock(Block.verified(file.cid(), source.get(file.cid())));
      p.storedBlock(Block.verified(first, source.get(first)));
      p.storedBlock(Block.verified(zeros, source.get(zeros))); // placed four times under the first child
      p.storedBlock(Block.verified(second, source.get(second))); // names the zeros leaf again: it will not come
      for (PbLink l : DagPb.decode(source.get(second)).links()) {
        if (!l.hash().equals(zeros)) {
          p.storedBlock(Block.verified(l.hash(), source.get(l.hash())));
        }
      }
      assertFalse(p.complete(data.length));
      assertNull(p.gaveUp(), "not an error: the caller writes the file from the store");
      assertEquals(7 * 1024, p.placed());
    }
  }

  @Test
  void sizesThatDisagreeStopPlacing() throws IOException {
    byte[] leafBytes = new byte[50];
    Cid leaf = Block.create(1, Multicodec.RAW, leafBytes).cid();
    byte[] unixfs = UnixfsData.builder(UnixfsType.FILE).filesize(100).blocksizes(new long[] {100}).build().encode();
    byte[] rootBytes = DagPb.encode(PbNode.of(List.of(PbLink.of(leaf, "", 50)), unixfs));
    Cid root = Block.create(1, Multicodec.DAG_PB, rootBytes).cid();
    try (FileChannel out = output()) {
      FilePlacement p = new FilePlacement(root, new MemoryStore(), out, FetchListener.NONE, n -> {});
      p.storedBlock(Block.verified(root, rootBytes));
      p.storedBlock(Block.verified(leaf, leafBytes));
      assertFalse(p.complete(100));
      assertNotNull(p.gaveUp());
      assertTrue(p.gaveUp().contains("parent says 100"), p.gaveUp());
    }
  }
}
