package io.cairn.server.sync;

import java.io.IOException;

/**
 * Told what a sync does, for progress reports and for what follows a sync. Called on the
 * syncing thread; an exception thrown here ends the sync with nothing committed (the previous
 * version stays as it was).
 */
public interface SyncListener {
  SyncListener NONE = new SyncListener() {};

  /** A file or symlink at {@code path} (relative to the tree) is about to be read: it is new or changed. */
  default void reading(String path) throws IOException {}

  /** Bytes of file content read so far, counted as they are read. */
  default void bytesRead(long n) {}

  /** An entry (file, symlink or directory) was walked, read or not. */
  default void walked(String path) throws IOException {}

  /**
   * The sync's new root is pinned and its records are committed: the place to publish the
   * tree's stable name (IPNS) for {@code result.name()}. Not called when the sync fails.
   */
  default void committed(SyncResult result) throws IOException {}

  /** Tells {@code first}, then {@code second}. */
  static SyncListener both(SyncListener first, SyncListener second) {
    return new SyncListener() {
      @Override
      public void reading(String path) throws IOException {
        first.reading(path);
        second.reading(path);
      }

      @Override
      public void bytesRead(long n) {
        first.bytesRead(n);
        second.bytesRead(n);
      }

      @Override
      public void walked(String path) throws IOException {
        first.walked(path);
        second.walked(path);
      }

      @Override
      public void committed(SyncResult result) throws IOException {
        first.committed(result);
        second.committed(result);
      }
    };
  }
}
