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
 * datastore/   RocksDB: blocks and pins
 * </pre>
 */
public final class Repo implements Closeable {
  /** The repository layout version this build reads and writes. */
  public static final int VERSION = 1;

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
    int version = readVersion(dir);
    if (version != VERSION) {
      throw new RepoException("the repository at " + dir + " has version " + version + " but this cairn uses version "
          + VERSION + "; run 'cairn repo migrate' to upgrade it");
    }
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

  private static int readVersion(Path dir) throws IOException {
    Path f = dir.resolve("version");
    if (!Files.exists(f)) {
      throw new RepoException("the repository at " + dir + " has no version file; it is damaged or not a Cairn repository");
    }
    String v = Files.readString(f, StandardCharsets.UTF_8).trim();
    try {
      return Integer.parseInt(v);
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
