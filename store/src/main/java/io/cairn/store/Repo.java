package io.cairn.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository directory at {@code $CAIRN_PATH} (default {@code ~/.cairn}):
 *
 * <pre>
 * config       Kubo-shaped JSON (identity, addresses, import defaults, …)
 * version      the layout version, {@value #VERSION}
 * repo.lock    OS lock held by the process that has the repository open
 * datastore/   RocksDB: blocks, pins, and sync records ({@code meta})
 * </pre>
 *
 * <p>Layout versions: 1, blocks and pins; 2, the {@code meta} column family (the records
 * {@code cairn sync} keeps per tree). A Cairn that knows only version 1 refuses a version-2
 * repository with a message instead of a RocksDB error about an unknown column family, which
 * is why the version moved.
 */
public final class Repo implements Closeable {
  /** The repository layout version this build reads and writes. */
  public static final int VERSION = 2;

  private final Path dir;
  private final RepoLock lock;
  private final Config config;
  private final RocksStore store;

  private Repo(Path dir, RepoLock lock, Config config, RocksStore store) {
    this.dir = dir;
    this.lock = lock;
    this.config = config;
    this.store = store;
  }

  /** The {@code cairn.path} system property, else {@code $CAIRN_PATH}, else {@code ~/.cairn}. */
  public static Path defaultPath() {
    String prop = System.getProperty("cairn.path");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("CAIRN_PATH");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cairn");
  }

  public static boolean exists(Path dir) {
    return Files.exists(dir.resolve("config"));
  }

  /** Creates a repository (the directory may exist but must not hold one). */
  public static Identity init(Path dir) throws IOException {
    if (exists(dir)) {
      throw new RepoException("a Cairn repository already exists at " + dir
          + "; use it, or remove it (or set CAIRN_PATH elsewhere) to start over");
    }
    Files.createDirectories(dir);
    Identity id = Identity.generate();
    try (RepoLock l = RepoLock.acquire(dir.resolve("repo.lock"), "cairn init")) {
      Files.writeString(dir.resolve("version"), VERSION + "\n", StandardCharsets.UTF_8);
      RocksStore.open(dir.resolve("datastore")).close();
      Config.defaults(id).save(dir.resolve("config")); // written last: its presence marks a complete repo
    }
    return id;
  }

  /** Opens the repository for reading and writing, holding its lock until closed. */
  public static Repo open(Path dir, String command) throws IOException {
    if (!exists(dir)) {
      throw new RepoException("no Cairn repository at " + dir + "; run 'cairn init' first (or set CAIRN_PATH)");
    }
    checkVersion(dir, readVersion(dir));
    RepoLock lock = RepoLock.acquire(dir.resolve("repo.lock"), command);
    try {
      Config config = Config.load(dir.resolve("config"));
      RocksStore store = RocksStore.open(dir.resolve("datastore"));
      return new Repo(dir, lock, config, store);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static void checkVersion(Path dir, int version) throws RepoException {
    if (version > VERSION) {
      throw new RepoException("the repository at " + dir + " has layout version " + version
          + ", written by a newer Cairn (this one reads version " + VERSION + "); use that Cairn or a newer one");
    } else if (version < VERSION) {
      throw new RepoException("the repository at " + dir + " has layout version " + version + " and this Cairn uses "
          + VERSION + "; run 'cairn repo migrate' to upgrade it (older Cairns cannot open it afterwards)");
    }
  }

  /** What {@link #migrate} did: the layout version found and the one left. */
  public record Migration(int from, int to) {}

  /**
   * Upgrades the repository at {@code dir} to {@link #VERSION}, one step at a time, under the
   * repository's lock. Each step leaves a repository the previous version's check refuses
   * cleanly, and the version file is replaced (synced, renamed) only after its step is done,
   * so an interrupted migration is run again from the step it was in.
   */
  public static Migration migrate(Path dir) throws IOException {
    if (!exists(dir)) {
      throw new RepoException("no Cairn repository at " + dir + "; run 'cairn init' first (or set CAIRN_PATH)");
    }
    try (RepoLock lock = RepoLock.acquire(dir.resolve("repo.lock"), "cairn repo migrate")) {
      int from = readVersion(dir);
      if (from > VERSION) {
        checkVersion(dir, from);
      }
      int v = from;
      while (v < VERSION) {
        upgrade(dir, v);
        v++;
        AtomicFiles.replace(dir.resolve("version"), (v + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return new Migration(from, v);
    }
  }

  private static void upgrade(Path dir, int from) throws IOException {
    if (from == 1) {
      // Opening the store creates the column families added since (meta); nothing is rewritten.
      RocksStore.open(dir.resolve("datastore")).close();
    } else {
      throw new RepoException("the repository at " + dir + " has layout version " + from
          + ", which no Cairn wrote; it is damaged or not a Cairn repository");
    }
  }

  private static int readVersion(Path dir) throws IOException {
    Path f = dir.resolve("version");
    if (!Files.exists(f)) {
      throw new RepoException("the repository at " + dir + " has no version file; it is damaged or not a Cairn repository");
    }
    String v = Files.readString(f, StandardCharsets.UTF_8).trim();
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new RepoException("the repository version " + n + " in " + f + " is not one Cairn writes; the file is damaged");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new RepoException("the repository version '" + v + "' in " + f + " is not a number");
    }
  }

  public Path dir() {
    return dir;
  }

  public Config config() {
    return config;
  }

  public void saveConfig() throws IOException {
    config.save(dir.resolve("config"));
  }

  public RocksStore store() {
    return store;
  }

  @Override
  public void close() throws IOException {
    try {
      store.close();
    } finally {
      lock.close();
    }
  }
}
