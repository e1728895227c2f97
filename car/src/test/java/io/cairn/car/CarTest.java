package io.cairn.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir
  Path tmp;

  static List<Block> blocks(int n, long seed) {
    Random r = new Random(seed);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] d = new byte[r.nextInt(3000)];
      r.nextBytes(d);
      out.add(Block.create(1, Multicodec.RAW, d));
    }
    return out;
  }

  /** Reads with every read returning at most one byte, as a slow network would. */
  static InputStream oneByteAtATime(byte[] data) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(1, len));
      }
    };
  }

  @Test
  void zeroRootHeaderBytes() {
    assertEquals("11a265726f6f7473806776657273696f6e01", HEX.formatHex(CarHeader.v1(List.of()).encode()));
  }

  @Test
  void v1RoundTripsEvenOneByteAtATime() throws Exception {
    List<Block> blocks = blocks(50, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CarWriter w = CarWriter.v1(out, List.of(blocks.get(0).cid()))) {
      for (Block b : blocks) {
        w.put(b);
      }
      w.put(blocks.get(3)); // duplicates are written once
    }
    for (InputStream in : List.of(new ByteArrayInputStream(out.toByteArray()), oneByteAtATime(out.toByteArray()))) {
      try (CarReader r = CarReader.open(in)) {
        assertEquals(1, r.version());
        assertEquals(List.of(blocks.get(0).cid()), r.roots());
        List<Block> read = new ArrayList<>();
        Block b;
        while ((b = r.next()) != null) {
          read.add(b);
        }
        assertEquals(blocks, read);
        assertTrue(r.readIndex().isEmpty());
      }
    }
  }

  @Test
  void v2FileHasAConsistentIndex() throws Exception {
    List<Block> blocks = blocks(40, 2);
    Path file = tmp.resolve("x.car");
    try (CarFileWriter w = CarFileWriter.create(file, 2, 36)) {
      for (Block b : blocks) {
        w.put(b);
      }
      w.finish(List.of(blocks.get(39).cid()));
    }
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(CarV2Header.PRAGMA, java.util.Arrays.copyOf(bytes, 11));
    try (CarReader r = CarReader.open(new ByteArrayInputStream(bytes))) {
      assertEquals(2, r.version());
      assertEquals(List.of(blocks.get(39).cid()), r.roots());
      Map<Multihash, Long> offsets = new HashMap<>();
      Block b;
      while ((b = r.next()) != null) {
        offsets.put(b.cid().multihash(), r.lastSectionOffset());
      }
      CarIndex index = r.readIndex().orElseThrow();
      assertEquals(Multicodec.CAR_MULTIHASH_INDEX_SORTED, index.codec());
      assertEquals(40, index.size());
      for (Block blk : blocks) {
        assertEquals(offsets.get(blk.cid().multihash()), index.lookup(blk.cid().multihash()).orElseThrow());
      }
      assertEquals(index.entries(), CarIndex.decode(index.encode(), 0).entries());
    }
  }

  @Test
  void rootOfAnotherLengthIsRewrittenBehindAFreshHeader() throws Exception {
    List<Block> blocks = blocks(5, 3);
    Cid v0root = Cid.v0(Multihash.sha256(new byte[] {1}));
    for (int version : new int[] {1, 2}) {
      Path file = tmp.resolve("v" + version + ".car");
      try (CarFileWriter w = CarFileWriter.create(file, version, 36)) {
        for (Block b : blocks) {
          w.put(b);
        }
        w.finish(List.of(v0root));
      }
      try (CarBlockSource src = CarBlockSource.open(file)) {
        assertEquals(List.of(v0root), src.roots());
        for (Block b : blocks) {
          assertArrayEquals(b.data(), src.get(b.cid()));
        }
      }
      try (CarReader r = CarReader.open(Files.newInputStream(file))) {
        while (r.next() != null) {
          // read all
        }
        assertEquals(version == 2, r.readIndex().isPresent());
      }
    }
  }

  @Test
  void abandonedWriterLeavesNoFile() throws Exception {
    Path file = tmp.resolve("never.car");
    try (CarFileWriter w = CarFileWriter.create(file, 1, 36)) {
      w.put(blocks(1, 4).get(0));
    }
    assertTrue(Files.notExists(file));
    try (var s = Files.list(tmp)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void corruptBlockIsNamed() throws Exception {
    List<Block> blocks = blocks(3, 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CarWriter w = CarWriter.v1(out, List.of())) {
      for (Block b : blocks) {
        w.put(b);
      }
    }
    byte[] car = out.toByteArray();
    car[car.length - 1] ^= 1; // last byte of the last block
    BlockMismatchException e = assertThrows(BlockMismatchException.class, () -> readAll(car));
    assertEquals(blocks.get(2).cid(), e.cid());
    assertTrue(e.getMessage().contains(blocks.get(2).cid().toString()));
  }

  @Test
  void truncationAndOversizedLengthsAreRejected() throws Exception {
    List<Block> blocks = blocks(2, 6);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CarWriter w = CarWriter.v1(out, List.of())) {
      for (Block b : blocks) {
        w.put(b);
      }
    }
    byte[] car = out.toByteArray();
    MalformedDataException t = assertThrows(MalformedDataException.class,
        () -> readAll(java.util.Arrays.copyOf(car, car.length - 5)));
    assertTrue(t.getMessage().contains("truncated"), t.getMessage());
    CarLimits tiny = new CarLimits(1 << 10, 100, 1 << 10);
    MalformedDataException big = assertThrows(MalformedDataException.class, () -> {
      try (CarReader r = CarReader.open(new ByteArrayInputStream(car), tiny)) {
        while (r.next() != null) {
          // read all
        }
      }
    });
    assertTrue(big.getMessage().contains("exceeds the limit"), big.getMessage());
  }

  @Test
  void truncatedV2DataIsAnError() throws Exception {
    List<Block> blocks = blocks(4, 8);
    Path file = tmp.resolve("t.car");
    try (CarFileWriter w = CarFileWriter.create(file, 2, 36)) {
      for (Block b : blocks) {
        w.put(b);
      }
      w.finish(List.of(blocks.get(0).cid()));
    }
    byte[] bytes = Files.readAllBytes(file);
    CarV2Header h = CarV2Header.decode(java.util.Arrays.copyOfRange(bytes, 11, 51));
    // cut the file at the end of the second section, with no index
    long cut;
    try (CarReader r = CarReader.open(new ByteArrayInputStream(bytes))) {
      r.next();
      Block second = r.next();
      cut = r.lastDataOffset() + second.size();
    }
    byte[] header = new CarV2Header(new byte[16], h.dataOffset(), h.dataSize(), 0).encode();
    byte[] truncated = java.util.Arrays.copyOf(bytes, (int) cut);
    System.arraycopy(header, 0, truncated, 11, header.length);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> readAll(truncated));
    assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("header says"), e.getMessage());
  }

  @Test
  void failedOpenClosesTheStream() throws Exception {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(new byte[] {5, 'g', 'a', 'r', 'b', 'a'}) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    assertThrows(MalformedDataException.class, () -> CarReader.open(in));
    assertTrue(closed[0]);
  }

  @Test
  void readsGoCarFixtures() throws Exception {
    Map<String, Integer> versions = Map.of("sample-v1.car", 1, "sample-v2-indexless.car", 2, "sample-wrapped-v2.car", 2,
        "sample-rw-bs-v2.car", 2, "sample-unixfs-v2.car", 2);
    for (Map.Entry<String, Integer> e : versions.entrySet()) {
      try (CarReader r = CarReader.open(resource(e.getKey()))) {
        assertEquals(e.getValue(), r.version(), e.getKey());
        Map<String, Long> sections = new HashMap<>();
        while (r.next() != null) {
          // blocks verified while read (blake2b-256 and sha2-256)
        }
        assertTrue(r.blockCount() > 0);
        r.readIndex().ifPresent(idx -> assertTrue(idx.size() > 0));
        sections.clear();
      }
    }
  }

  @Test
  void goCarIndexesPointAtTheirBlocks() throws Exception {
    // offsets of each digest in the CARv1 payload of sample-v1.car
    Map<String, Long> offsets = new HashMap<>();
    try (CarReader r = CarReader.open(resource("sample-v1.car"))) {
      Block b;
      while ((b = r.next()) != null) {
        offsets.putIfAbsent(HEX.formatHex(b.cid().multihash().digest()), r.lastSectionOffset());
      }
    }
    for (String f : List.of("sample-index.carindex", "sample-multihash-index-sorted.carindex")) {
      CarIndex idx = CarIndex.decode(resource(f).readAllBytes(), 0);
      assertTrue(idx.size() > 1000, f);
      for (CarIndex.Entry en : idx.entries()) {
        assertEquals(offsets.get(HEX.formatHex(en.digest())), en.offset(), f);
      }
      assertArrayEquals(resource(f).readAllBytes(), idx.encode(), f + " re-encodes byte for byte");
    }
    // and the index inside sample-wrapped-v2.car
    try (CarReader r = CarReader.open(resource("sample-wrapped-v2.car"))) {
      while (r.next() != null) {
        // to the index
      }
      CarIndex idx = r.readIndex().orElseThrow();
      for (CarIndex.Entry en : idx.entries()) {
        assertEquals(offsets.get(HEX.formatHex(en.digest())), en.offset());
      }
    }
  }

  @Test
  void rejectsGoCarBadFixtures() {
    for (String f : List.of("badheaderlength.car", "badsectionlength.car", "sample-corrupt-pragma.car",
        "sample-rootless-v42.car", "sample-v1-tailing-corrupt-section.car", "sample-v2-corrupt-data-and-index.car",
        "sample-v1-with-zero-len-section.car")) {
      assertThrows(MalformedDataException.class, () -> readAll(resource(f).readAllBytes()), f);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = CarTest.class.getResourceAsStream("/go-car/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  private static void readAll(byte[] car) throws IOException {
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      while (r.next() != null) {
        // read all
      }
      r.readIndex();
    }
  }
}
