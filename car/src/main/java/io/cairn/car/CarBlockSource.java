package io.cairn.car;

import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Random access to the blocks of a CAR file. Opening scans the file once, verifying every
 * block and remembering where each one's bytes are; {@link #get} then reads just that range
 * and checks it again (the file may have changed since). Memory grows with the number of
 * blocks (one small entry each), not with their bytes.
 */
public final class CarBlockSource implements BlockSource, Closeable {
  private record Location(long offset, int length) {}

  private final Path path;
  private final FileChannel channel;
  private final Map<Multihash, Location> locations = new HashMap<>();
  private final List<Cid> roots;
  private final int version;

  private CarBlockSource(Path path) throws IOException {
    this.path = path;
    try (CarReader r = CarReader.open(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
      Block b;
      while ((b = r.next()) != null) {
        locations.putIfAbsent(b.cid().multihash(), new Location(r.lastDataOffset(), b.size()));
      }
      roots = r.roots();
      version = r.version();
    }
    channel = FileChannel.open(path, StandardOpenOption.READ);
  }

  public static CarBlockSource open(Path path) throws IOException {
    return new CarBlockSource(path);
  }

  public List<Cid> roots() {
    return roots;
  }

  public int version() {
    return version;
  }

  public int blockCount() {
    return locations.size();
  }

  public boolean has(Cid cid) {
    return cid.isIdentity() || locations.containsKey(cid.multihash());
  }

  @Override
  public byte[] get(Cid cid) throws IOException {
    if (cid.isIdentity()) {
      return cid.multihash().digest();
    }
    Location loc = locations.get(cid.multihash());
    if (loc == null) {
      throw new BlockNotFoundException(cid, path.toString());
    }
    ByteBuffer buf = ByteBuffer.allocate(loc.length());
    long pos = loc.offset();
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n < 0) {
        throw new BlockNotFoundException(cid, path + " (file truncated since it was opened)");
      }
      pos += n;
    }
    byte[] data = buf.array();
    if (!cid.multihash().matches(data)) {
      throw new BlockMismatchException(cid, "bytes in " + path + " changed since it was opened");
    }
    return data;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
