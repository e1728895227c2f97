package io.cairn.store;

import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ipns.IpnsName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IPNS records this node holds, its own and ones put to it: {@code ipns/<k51… name>}, one
 * file of signed record bytes per name, replaced atomically. Bytes only: what is valid is the
 * caller's business ({@code io.cairn.codec.ipns.IpnsRecord}).
 *
 * <p>Without a directory (a node over an in-memory store, in tests) the records live in memory.
 */
public final class NameStore {
  private final Path dir;
  private final Map<IpnsName, byte[]> memory = new ConcurrentHashMap<>();

  /** @param dir the records directory (created on the first write), or null to keep them in memory */
  public NameStore(Path dir) {
    this.dir = dir;
  }

  /** The store of a repository at {@code repoDir} (null: in memory). */
  public static NameStore of(Path repoDir) {
    return new NameStore(repoDir == null ? null : repoDir.resolve("ipns"));
  }

  /** The record held for {@code name}, if any. */
  public Optional<byte[]> get(IpnsName name) throws IOException {
    if (dir == null) {
      return Optional.ofNullable(memory.get(name)).map(byte[]::clone);
    }
    Path f = dir.resolve(name.toString());
    if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(Files.readAllBytes(f));
  }

  /** Stores (or replaces) the record for {@code name}. */
  public void put(IpnsName name, byte[] record) throws IOException {
    if (dir == null) {
      memory.put(name, record.clone());
      return;
    }
    AtomicFiles.replace(dir.resolve(name.toString()), record);
  }

  /** The names that have a record. */
  public List<IpnsName> names() throws IOException {
    if (dir == null) {
      return List.copyOf(memory.keySet());
    }
    List<IpnsName> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        try {
          out.add(IpnsName.parse(f.getFileName().toString()));
        } catch (MalformedDataException e) {
          // a temporary file or a stranger: not a record
        }
      }
    }
    return out;
  }
}
