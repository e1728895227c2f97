package io.cairn.cluster;

import java.io.IOException;

/**
 * Items read one at a time from the audit history on disk (so an answer of any size is
 * streamed, not gathered); holds a RocksDB iterator until closed.
 */
public interface HistoryCursor<T> extends AutoCloseable {
  /** The next item, or null at the end. */
  T next() throws IOException;

  @Override
  void close();
}
