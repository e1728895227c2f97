package io.cairn.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code repo.lock}, so one process at a time writes the repository. The
 * file names its holder (process id and command) for the error another process shows. The
 * OS drops the lock when the process dies, so a crash never leaves the repository locked.
 */
final class RepoLock implements Closeable {
  private final FileChannel channel;
  private final FileLock lock;

  private RepoLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static RepoLock acquire(Path file, String command) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null; // held by this very process (e.g. a daemon running in it)
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      ch.close();
      throw new RepoException("the repository " + file.getParent() + " is in use by another process ("
          + (holder.isEmpty() ? "unknown" : holder) + "); wait for it to finish or stop it");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", " + command + "\n")
        .getBytes(StandardCharsets.UTF_8)), 0);
    return new RepoLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
