package io.cairn.car;

import io.cairn.codec.Block;
import io.cairn.codec.BlockSink;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a CAR file (v1, or v2 with a MultihashIndexSorted index) whose roots are only known
 * after the blocks, as when packing an import. The header is first written with placeholder
 * roots of the expected CID length and patched in place at {@link #finish}; if the real roots
 * encode to another length the payload is copied once behind a fresh header.
 *
 * <p>Everything goes to a temporary file beside the target, moved into place only when
 * complete: the target never holds a partial CAR.
 */
public final class CarFileWriter implements BlockSink, Closeable {
  private final Path target;
  private final Path temp;
  private Path rewritten; // a second partial file, when the header had to be rewritten
  private final int version;
  private final byte[] placeholderHeader;
  private final CarWriter car;
  private final long payloadStart;
  private boolean done;

  private CarFileWriter(Path target, int version, int expectedRootCidSize) throws IOException {
    this.target = target;
    this.version = version;
    Path dir = target.toAbsolutePath().getParent();
    this.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
    this.placeholderHeader = CarHeader.v1(List.of(placeholder(expectedRootCidSize))).encode();
    OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE), 1 << 20);
    if (version == 2) {
      os.write(CarV2Header.PRAGMA);
      os.write(new byte[CarV2Header.SIZE]);
      payloadStart = CarV2Header.DEFAULT_DATA_OFFSET;
    } else {
      payloadStart = 0;
    }
    this.car = CarWriter.withHeader(os, placeholderHeader);
  }

  /**
   * Starts a CAR file at {@code target}.
   *
   * @param version 1 or 2
   * @param expectedRootCidSize byte length the root CID will probably have (34 for CIDv0,
   *     36 for a sha2-256 CIDv1); a wrong guess costs one copy, not correctness
   */
  public static CarFileWriter create(Path target, int version, int expectedRootCidSize) throws IOException {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("CAR version must be 1 or 2, got " + version);
    }
    return new CarFileWriter(target, version, expectedRootCidSize);
  }

  private static Cid placeholder(int size) {
    if (size == 34) {
      return Cid.v0(Multihash.of(Multicodec.SHA2_256, new byte[32]));
    }
    // varint(1) ‖ varint(0x55) ‖ 12 20 ‖ digest: 4 bytes + digest
    int digest = Math.max(0, size - 4);
    return digest == 32 ? Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.SHA2_256, new byte[32]))
        : Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY, new byte[Math.min(digest, 100)]));
  }

  @Override
  public void put(Block block) throws IOException {
    car.put(block);
  }

  public int blockCount() {
    return car.blockCount();
  }

  /** Writes the real roots (and for v2 the index and header) and moves the file into place. */
  public void finish(List<Cid> roots) throws IOException {
    car.close();
    byte[] header = CarHeader.v1(roots).encode();
    long payloadSize = car.bytesWritten() - placeholderHeader.length + header.length;
    Path result = temp;
    if (header.length == placeholderHeader.length) {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeAt(ch, payloadStart, header);
      }
    } else {
      result = rewriteWithHeader(header);
    }
    if (version == 2) {
      try (FileChannel ch = FileChannel.open(result, StandardOpenOption.WRITE)) {
        long shift = header.length - placeholderHeader.length;
        java.util.Map<Multihash, Long> shifted = new java.util.LinkedHashMap<>();
        car.offsets().forEach((mh, off) -> shifted.put(mh, off + shift));
        byte[] index = CarIndex.multihashSorted(shifted).encode();
        long indexOffset = payloadStart + payloadSize;
        writeAt(ch, indexOffset, index);
        CarV2Header h = new CarV2Header(new byte[16], payloadStart, payloadSize, indexOffset);
        writeAt(ch, CarV2Header.PRAGMA.length, h.encode());
        ch.force(true);
      }
    } else {
      try (FileChannel ch = FileChannel.open(result, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
    Files.move(result, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    done = true;
  }

  private Path rewriteWithHeader(byte[] header) throws IOException {
    Path other = Files.createTempFile(temp.getParent(), "." + target.getFileName() + ".", ".partial");
    rewritten = other;
    try (InputStream in = Files.newInputStream(temp);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(other, StandardOpenOption.WRITE), 1 << 20)) {
      out.write(in.readNBytes((int) payloadStart));
      in.skipNBytes(placeholderHeader.length);
      out.write(header);
      in.transferTo(out);
    }
    Files.delete(temp);
    return other;
  }

  private static void writeAt(FileChannel ch, long pos, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  /** Abandons the file unless {@link #finish} completed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      try {
        car.close();
      } finally {
        Files.deleteIfExists(temp);
        if (rewritten != null) {
          Files.deleteIfExists(rewritten);
        }
      }
    }
  }
}
