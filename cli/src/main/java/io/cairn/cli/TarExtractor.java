package io.cairn.cli;

import io.cairn.server.node.TreeExporter;
import io.cairn.server.rpc.TarPax;
import io.cairn.unixfs.UnixTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Writes the tar stream of a daemon's {@code get} onto disk as {@link TreeExporter} writes a DAG:
 * the archive's root entry becomes {@code target}, and mode and mtime are restored only where the
 * DAG records them ({@link TarPax}; a tar's plain mode and mtime are defaults when the DAG has
 * none). Entry names are checked, and no entry
 * is written through a symlink, so nothing lands outside the target.
 */
final class TarExtractor {
  private final LongConsumer progress;
  /** Directories written and not yet left: their metadata is restored once their entries are in. */
  private final ArrayDeque<Pending> open = new ArrayDeque<>();

  private record Pending(Path dir, Map<String, String> pax) {}

  TarExtractor(LongConsumer progress) {
    this.progress = progress;
  }

  void extract(InputStream in, String rootName, Path target) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    boolean any = false;
    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
      Path path = place(e.getName(), rootName, target);
      leaveDirectoriesNotAbove(path);
      checkNoLinkBetween(target, path);
      if (e.isDirectory()) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(path);
        }
        open.push(new Pending(path, e.getExtraPaxHeaders()));
      } else if (e.isSymbolicLink()) {
        String to = e.getLinkName();
        if (to.isEmpty() || to.indexOf('\0') >= 0) {
          throw new UserException("the daemon sent a symlink " + e.getName() + " with a target that cannot be written");
        }
        Files.createSymbolicLink(path, Path.of(to));
      } else if (e.isFile()) {
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW)) {
          byte[] buf = new byte[1 << 16];
          for (int n = tar.read(buf); n > 0; n = tar.read(buf)) {
            out.write(buf, 0, n);
            progress.accept(n);
          }
        }
        restore(path, e.getExtraPaxHeaders());
      } else {
        throw new UserException("the daemon sent a tar entry of an unexpected type: " + e.getName());
      }
      any = true;
    }
    leaveDirectoriesNotAbove(null);
    if (!any) {
      throw new UserException("the daemon sent an empty archive");
    }
  }

  /** Where an entry named {@code root[/a/b…]} goes under {@code target}, each name checked. */
  private static Path place(String name, String rootName, Path target) {
    String rest;
    if (name.equals(rootName) || name.equals(rootName + "/")) {
      return target;
    } else if (name.startsWith(rootName + "/")) {
      rest = name.substring(rootName.length() + 1);
    } else {
      throw new UserException("the daemon sent a tar entry outside '" + rootName + "': " + name);
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    Path p = target;
    for (String seg : rest.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.indexOf('\0') >= 0) {
        throw new UserException("the daemon sent a tar entry named '" + name + "' that cannot be written safely");
      }
      p = p.resolve(seg);
    }
    return p;
  }

  /** Every directory between {@code target} and {@code path}'s parent must be a real directory, never a symlink. */
  private static void checkNoLinkBetween(Path target, Path path) {
    for (Path p = path.getParent(); p != null && p.startsWith(target); p = p.getParent()) {
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new UserException("the daemon sent " + path + " below something that is not a directory");
      }
      if (p.equals(target)) {
        break;
      }
    }
  }

  private void leaveDirectoriesNotAbove(Path path) throws IOException {
    while (!open.isEmpty() && (path == null || !path.startsWith(open.peek().dir()) || path.equals(open.peek().dir()))) {
      Pending d = open.pop();
      restore(d.dir(), d.pax());
    }
  }

  private static void restore(Path path, Map<String, String> pax) throws IOException {
    String mode = pax.get(TarPax.MODE);
    if (mode != null) {
      Files.setPosixFilePermissions(path, TreeExporter.permissions((int) parse(mode, 8, path)));
    }
    String mtime = pax.get(TarPax.MTIME);
    if (mtime != null) {
      int dot = mtime.indexOf('.');
      long secs = dot < 0 ? parse(mtime, 10, path) : parse(mtime.substring(0, dot), 10, path);
      int nanos = dot < 0 ? 0 : (int) parse(mtime.substring(dot + 1), 10, path);
      try {
        Files.setLastModifiedTime(path, new UnixTime(secs, nanos).toFileTime());
      } catch (IllegalArgumentException e) {
        throw new UserException("the daemon sent an impossible mtime for " + path + ": " + mtime);
      }
    }
  }

  private static long parse(String s, int radix, Path path) {
    try {
      return Long.parseLong(s, radix);
    } catch (NumberFormatException e) {
      throw new UserException("the daemon sent unreadable metadata for " + path + ": " + s);
    }
  }
}
