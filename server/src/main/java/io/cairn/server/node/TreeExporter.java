package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.unixfs.DirectoryLink;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes a UnixFS DAG out to disk: files, directories and symlinks, restoring mode and mtime
 * when they were recorded. Entry names are checked so nothing is written outside the target.
 */
public final class TreeExporter {
  /** File bytes copied at a time (a whole 256 KiB chunk in one write). */
  private static final int BUFFER = 256 << 10;

  private final UnixfsExporter exporter;
  private final java.util.function.LongConsumer progress;
  private long bytes;

  public TreeExporter(UnixfsExporter exporter) {
    this(exporter, n -> {});
  }

  /** {@code progress} hears of every chunk of file bytes written. */
  public TreeExporter(UnixfsExporter exporter, java.util.function.LongConsumer progress) {
    this.exporter = exporter;
    this.progress = progress;
  }

  public long bytesWritten() {
    return bytes;
  }

  /** Writes the node {@code cid} at {@code target} (which must not exist yet, unless an empty directory). */
  public void export(Cid cid, Path target) throws IOException {
    UnixfsEntry e = exporter.stat(cid);
    switch (e.kind()) {
      case FILE -> {
        try (InputStream in = exporter.open(cid);
            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          byte[] buf = new byte[BUFFER];
          int n;
          while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            bytes += n;
            progress.accept(n);
          }
        }
      }
      case SYMLINK -> {
        String to = e.symlinkTarget().orElseThrow();
        if (to.isEmpty() || to.indexOf('\0') >= 0) {
          throw new NodeException("symlink " + cid + " has a target that cannot be written (empty or with a NUL byte)");
        }
        Files.createSymbolicLink(target, Path.of(to));
      }
      case DIRECTORY, HAMT_DIRECTORY -> {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(target);
        }
        for (DirectoryLink l : exporter.list(cid)) {
          export(l.cid(), target.resolve(safeName(l.name(), cid)));
        }
      }
    }
    restoreMetadata(e, target);
  }

  private static String safeName(String name, Cid dir) throws NodeException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
      throw new NodeException("directory " + dir + " has an entry named '" + name + "' that cannot be written safely");
    }
    return name;
  }

  /** Sets the mode and mtime the DAG records for {@code e} (where recorded) on {@code target}. */
  public static void restoreMetadata(UnixfsEntry e, Path target) throws IOException {
    if (e.kind() != UnixfsEntry.Kind.SYMLINK && e.mode().isPresent()) {
      Files.setPosixFilePermissions(target, permissions(e.mode().getAsInt()));
    }
    if (e.mtime().isPresent()) {
      if (e.kind() == UnixfsEntry.Kind.SYMLINK) {
        return; // Java cannot set a symlink's own mtime without following it
      }
      Files.setLastModifiedTime(target, e.mtime().get().toFileTime());
    }
  }

  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(order[i]);
      }
    }
    return s;
  }
}
