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
 * 150 ms), and a process that ends without running its exit hooks (the CLI halts; a daemon is
 * killed) leaves that copy behind. Cairn extracts it once into a cache directory named after
 * rocksdbjni's version and loads it from there; if that cannot be done, it falls back to
 * rocksdbjni's own loading. Every user of RocksDB in Cairn calls {@link #load} before touching
 * any RocksDB class that would load the library its own way.
 */
public final class NativeRocks {
  private static Path loadedFrom;

  private NativeRocks() {}

  /** Loads the library (once per process); returns the directory it was loaded from (the temporary one: rocksdbjni's own way). */
  public static synchronized Path load() {
    if (loadedFrom != null) {
      return loadedFrom;
    }
    try {
      Path dir = cacheDir();
      // RocksDB.loadLibrary(paths) looks for getJniLibraryFileName("rocksdbjni") in each path
      // (librocksdbjnijni-linux64.so), while the jar holds getJniLibraryFileName("rocksdb")
      // (librocksdbjni-linux64.so): the copy is stored under the name the loader asks for.
      Path lib = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
      if (!Files.isRegularFile(lib)) {
        extract(Environment.getJniLibraryFileName("rocksdb"), dir, lib);
      }
      RocksDB.loadLibrary(List.of(dir.toString()));
      loadedFrom = dir;
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      RocksDB.loadLibrary(); // rocksdbjni's own way: extract into the temporary directory
      loadedFrom = Path.of(System.getProperty("java.io.tmpdir"));
    }
    return loadedFrom;
  }

  private static void extract(String resource, Path dir, Path lib) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = RocksDB.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " in rocksdbjni");
      }
      Path tmp = Files.createTempFile(dir, resource, ".part");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE); // other processes see all of it or nothing
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** {@code $CAIRN_NATIVE_DIR}, else {@code $XDG_CACHE_HOME/cairn}, else {@code ~/.cache/cairn}; per rocksdbjni version. */
  static Path cacheDir() {
    String explicit = System.getenv("CAIRN_NATIVE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit, versionDir());
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("cairn").resolve(versionDir());
  }

  /**
   * {@code rocksdbjni-VERSION}: the jar's manifest version, else the version in Maven's name for
   * the jar ({@code rocksdbjni-9.10.0.jar}), else the jar's size and time.
   */
  private static String versionDir() {
    String version = RocksDB.class.getPackage().getImplementationVersion();
    if (version != null) {
      return "rocksdbjni-" + version;
    }
    try {
      Path jar = Path.of(RocksDB.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String name = jar.getFileName().toString();
      if (name.matches("rocksdbjni-[0-9][0-9A-Za-z.\\-]*\\.jar")) {
        return name.substring(0, name.length() - ".jar".length());
      }
      return "rocksdbjni-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
    } catch (Exception e) {
      return "rocksdbjni-unknown";
    }
  }
}
