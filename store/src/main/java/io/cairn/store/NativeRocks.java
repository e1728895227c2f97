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
 * the library's size and CRC (see {@link #cacheDir}) and loads it from there; if that cannot be
 * done, it falls back to rocksdbjni's own loading. Every user of RocksDB in Cairn calls {@link #load} before touching
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

  /**
   * {@code $CAIRN_NATIVE_DIR}, else {@code $XDG_CACHE_HOME/cairn}, else {@code ~/.cache/cairn};
   * a directory per library: {@code rocksdbjni-SIZE-CRC32} of the library in rocksdbjni's jar,
   * read from the jar's directory (nothing is decompressed). Named after the bytes themselves, a
   * copy is never taken for another rocksdbjni's, however the jar was found or named (a class
   * loaded from an ahead-of-time cache may have no code source to tell its jar by).
   */
  static Path cacheDir() throws IOException {
    String explicit = System.getenv("CAIRN_NATIVE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit, libraryDir());
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("cairn").resolve(libraryDir());
  }

  private static String libraryDir() throws IOException {
    String resource = Environment.getJniLibraryFileName("rocksdb");
    java.net.URL url = RocksDB.class.getResource("/" + resource);
    if (url == null) {
      throw new IOException("no " + resource + " in rocksdbjni");
    }
    if (!(url.openConnection() instanceof java.net.JarURLConnection jar)) {
      throw new IOException(resource + " is not in a jar: " + url);
    }
    java.util.jar.JarEntry entry = jar.getJarEntry();
    if (entry.getSize() < 0 || entry.getCrc() < 0) {
      throw new IOException("the jar does not say the size and CRC of " + resource);
    }
    return "rocksdbjni-" + entry.getSize() + "-" + Long.toHexString(entry.getCrc());
  }
}
