package io.cairn.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/** Imports one file's bytes as a UnixFS file DAG, streaming. */
final class FileImporter {
  private final NodeWriter writer;
  private final Executor executor;
  private final int window;

  FileImporter(NodeWriter writer, Executor executor, int window) {
    this.writer = writer;
    this.executor = executor;
    this.window = window;
  }

  ImportedNode importFile(InputStream in, Metadata meta) throws IOException {
    return importFile(in, meta, -1);
  }

  /** {@code length} is the stream's length when known (-1 if not): a short file's chunk is then allocated at its size. */
  ImportedNode importFile(InputStream in, Metadata meta, long length) throws IOException {
    FileNodes nodes = new FileNodes(writer);
    boolean trickle = writer.options().layout() == Layout.TRICKLE;
    // Kubo's trickle builder makes its dag-pb leaves of type Raw, the balanced one of type File.
    LeafSource source = new LeafSource(in, writer, trickle ? UnixfsType.RAW : UnixfsType.FILE, !trickle, executor, window, length);
    return trickle ? TrickleLayout.build(source, nodes, meta) : BalancedLayout.build(source, nodes, meta);
  }
}
