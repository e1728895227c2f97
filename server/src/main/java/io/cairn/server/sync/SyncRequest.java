package io.cairn.server.sync;

import io.cairn.unixfs.ImportOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code sync}: the directory, the name its versions are kept under, the import settings
 * (as {@code add -r} takes them), whether hidden files are included, how many versions to keep
 * (0 = the name's current setting; -1 = all), whether every file is re-read ({@code --checksum}),
 * and whether the name's tree has moved to {@code dir} ({@code --moved}: its versions and key are
 * kept, and the tree is read afresh from the new place).
 */
public record SyncRequest(Path dir, String name, ImportOptions options, boolean hidden, int keep, boolean checksum,
    boolean moved) {
  /** Longest name, in UTF-8 bytes: it is also the pin name (Kubo's limit). */
  public static final int MAX_NAME_BYTES = 255;

  public SyncRequest {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    dir = dir.toAbsolutePath().normalize();
    name = name == null || name.isEmpty() ? defaultName(dir) : name;
    checkName(name);
    if (keep < -1) {
      throw new IllegalArgumentException("--keep must be at least 1 (or all), not " + keep);
    }
  }

  /** A sync of a tree that has not moved. */
  public SyncRequest(Path dir, String name, ImportOptions options, boolean hidden, int keep, boolean checksum) {
    this(dir, name, options, hidden, keep, checksum, false);
  }

  /**
   * The name a tree gets when none is given: its directory's base name ({@code /srv/mirror/debian}
   * is {@code debian}); the file system root is {@code /}.
   */
  public static String defaultName(Path dir) {
    Path fn = dir.toAbsolutePath().normalize().getFileName();
    return fn == null ? "/" : fn.toString();
  }

  /** Refuses names that cannot be a key or a pin name. */
  public static void checkName(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a sync name cannot contain a NUL character");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("sync name is longer than " + MAX_NAME_BYTES + " bytes; choose a shorter --name");
    }
  }
}
