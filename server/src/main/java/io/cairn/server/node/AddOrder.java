package io.cairn.server.node;

import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which {@code add} reports a directory's sub-directories, as Kubo does: the order
 * of the directory's links — by name bytes for a plain directory, by name hash for a HAMT.
 */
public final class AddOrder {
  private static final Comparator<String> BY_NAME_BYTES =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private AddOrder() {}

  /** {@code subdirs} (names among {@code entries}) in report order. */
  public static List<String> subdirectories(UnixfsImporter importer, List<DirectoryEntry> entries, Metadata meta,
      Collection<String> subdirs) {
    List<String> order = new ArrayList<>(subdirs);
    order.sort(importer.wouldShard(entries, meta) ? UnixfsImporter.hamtOrder() : BY_NAME_BYTES);
    return order;
  }
}
