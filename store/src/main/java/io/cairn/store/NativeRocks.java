package io.cairn.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads RocksDB's native library once per machine rather than once per process: rocksdbjni
 * on its own extracts its 15 MB library into the temporary directory at every start (about
 * 150 ms, and a file left behind by every process that is killed). Cairn extracts it once
 * into a cache directory named after the library's version and loads it from there; if that
 * cannot be done, it falls back to rocksdbjni's own loading.
 */
final class NativeRocks {
  private static boolean loaded;

  private NativeRocks() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    try {
      Path dir = cacheDir();
      String name = Environment.getJniLibraryFileName("rocksdb");
      Path lib = dir.resolve(name);
      if (!Files.isRegularFile(lib)) {
        extract(name, dir, lib);
      }
      RocksDB.loadLibrary(List.of(dir.toString()));
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      RocksDB.loadLibrary(); // rocksdbjni's own way: extract into the temporary directory
    }
    loaded = true;
  }

  private static void extract(String name, Path dir, Path lib) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = RocksDB.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IOException("no " + name + " in rocksdbjni");
      }
      Path tmp = Files.createTempFile(dir, name, ".part");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE); // other processes see all of it or nothing
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** {@code $CAIRN_NATIVE_DIR}, else {@code $XDG_CACHE_HOME/cairn}, else {@code ~/.cache/cairn}; per rocksdbjni version. */
  private static Path cacheDir() {
    String version = RocksDB.class.getPackage().getImplementationVersion();
    String sub = "rocksdbjni-" + (version != null ? version : jarStamp());
    String explicit = System.getenv("CAIRN_NATIVE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit, sub);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("cairn").resolve(sub);
  }

  /** Without a manifest version, the jar's size and time tell one rocksdbjni from another. */
  private static String jarStamp() {
    try {
      Path jar = Path.of(RocksDB.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
