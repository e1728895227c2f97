package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.node.NodeException;
import io.cairn.unixfs.DirectoryLink;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A UnixFS DAG as a tar stream, as Kubo's {@code get} sends it (boxo's TarWriter): the root
 * under its name, a directory's entries below it as {@code name/child}; modes from the UnixFS
 * metadata, else 0644 for files, 0755 for directories, 0777 for symlinks; mtimes from the
 * metadata, else now; the metadata the DAG records is also given exactly in Cairn's own pax
 * records ({@link TarPax}). Long names and large sizes use POSIX (PAX) headers. Entry names that could
 * escape the archive's root (empty, ".", "..", or with a '/') end the stream with an error.
 */
final class TarStream {

  private final UnixfsExporter exporter;
  private final TarArchiveOutputStream tar;
  private final Date now = Date.from(Instant.now());

  TarStream(UnixfsExporter exporter, OutputStream out) {
    this.exporter = exporter;
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Writes {@code cid} as {@code name} and finishes the archive (the stream is not closed). */
  void write(Cid cid, String name) throws IOException {
    entry(cid, name);
    tar.finish();
    tar.flush();
  }

  private void entry(Cid cid, String name) throws IOException {
    UnixfsEntry e = exporter.stat(cid);
    switch (e.kind()) {
      case FILE -> {
        TarArchiveEntry t = header(e, name, TarConstants.LF_NORMAL, 0644);
        t.setSize(e.size());
        tar.putArchiveEntry(t);
        try (InputStream in = exporter.open(cid)) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
      case SYMLINK -> {
        TarArchiveEntry t = header(e, name, TarConstants.LF_SYMLINK, 0777);
        t.setLinkName(e.symlinkTarget().orElse(""));
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
      }
      case DIRECTORY, HAMT_DIRECTORY -> {
        tar.putArchiveEntry(header(e, name + "/", TarConstants.LF_DIR, 0755));
        tar.closeArchiveEntry();
        for (DirectoryLink l : exporter.list(cid)) {
          entry(l.cid(), name + "/" + safe(l.name(), cid));
        }
      }
    }
  }

  private TarArchiveEntry header(UnixfsEntry e, String name, byte type, int defaultMode) {
    TarArchiveEntry t = new TarArchiveEntry(name, type, true);
    int perms = e.mode().isPresent() ? e.mode().getAsInt() & 07777 : 0;
    t.setMode(perms != 0 ? perms : defaultMode);
    t.setModTime(e.mtime().isPresent() ? Date.from(e.mtime().get().toFileTime().toInstant()) : now);
    e.mode().ifPresent(m -> t.addPaxHeader(TarPax.MODE, Integer.toOctalString(m)));
    e.mtime().ifPresent(m -> t.addPaxHeader(TarPax.MTIME, m.seconds() + "." + String.format(java.util.Locale.ROOT, "%09d", m.nanos())));
    return t;
  }

  private static String safe(String name, Cid dir) throws NodeException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
      throw new NodeException("directory " + dir + " has an entry named '" + name + "' that cannot be written safely");
    }
    return name;
  }
}
