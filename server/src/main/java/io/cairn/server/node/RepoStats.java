package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.store.Config;
import io.cairn.store.Repo;
import io.cairn.store.RocksStore;
import io.cairn.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code repo stat}: how many blocks the store holds, the bytes it takes, the configured limit
 * ({@code Datastore.StorageMax}, as written and in bytes), where it lives and its version.
 *
 * @param numObjects blocks held (counted exactly)
 * @param repoSize bytes on disk (RocksDB store), or the bytes of the blocks (in-memory store)
 * @param storageMax {@code Datastore.StorageMax} as the config writes it ("" when unset)
 * @param repoPath the repository directory, or "" for a store without one
 * @param version {@code cairn-repo@N}
 */
public record RepoStats(long numObjects, long repoSize, String storageMax, String repoPath, String version) {

  public static RepoStats of(Store store, Config config, Path repoDir) throws IOException {
    AtomicLong count = new AtomicLong();
    store.forEachKey(mh -> count.incrementAndGet());
    return new RepoStats(count.get(), size(store), storageMax(config),
        repoDir == null ? "" : repoDir.toAbsolutePath().toString(), "cairn-repo@" + Repo.VERSION);
  }

  /** Only the sizes, without counting blocks ({@code repo stat --size-only}). */
  public static RepoStats sizes(Store store, Config config) throws IOException {
    return new RepoStats(0, size(store), storageMax(config), "", "");
  }

  private static long size(Store store) throws IOException {
    if (store instanceof RocksStore rocks) {
      return rocks.diskBytes();
    }
    AtomicLong bytes = new AtomicLong();
    IOException[] failed = new IOException[1];
    store.forEachKey(mh -> {
      try {
        bytes.addAndGet(store.blockSize(Cid.v1(Multicodec.RAW, mh)).orElse(0));
      } catch (IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    return bytes.get();
  }

  private static String storageMax(Config config) {
    return config.get("Datastore.StorageMax").map(n -> n.asText()).orElse("");
  }

  /** {@link #storageMax} in bytes (0 when unset), read as Kubo reads it. */
  public long storageMaxBytes() throws NodeException {
    try {
      return ByteSize.parse(storageMax);
    } catch (IllegalArgumentException e) {
      throw new NodeException("Datastore.StorageMax: " + e.getMessage()
          + "; fix it with 'cairn config Datastore.StorageMax 10GB'");
    }
  }
}
