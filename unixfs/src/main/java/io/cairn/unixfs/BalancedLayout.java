package io.cairn.unixfs;

import io.cairn.codec.PbLink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's balanced layout, built as leaves stream in: level 0 collects leaves, level k nodes
 * of depth k; a full level (maxLinks entries) is turned into one node of the level above
 * only when another entry arrives, so that the root is known when it is built and can carry
 * the file's metadata. The result has every leaf at the same depth, subtrees filled left to
 * right, and a single-chunk file's root is its leaf.
 */
final class BalancedLayout {
  private BalancedLayout() {}

  static ImportedNode build(LeafSource source, FileNodes nodes, Metadata meta) throws IOException {
    int maxLinks = nodes.options().maxLinks();
    LeafSource.Leaf first = source.nextUnstored();
    if (source.done()) {
      return nodes.singleLeafRoot(first, meta);
    }
    source.store(first);
    List<List<ImportedNode>> levels = new ArrayList<>();
    levels.add(new ArrayList<>());
    levels.get(0).add(first.node());
    ImportedNode leaf;
    while ((leaf = source.next()) != null) {
      add(levels, 0, leaf, maxLinks, nodes);
    }
    for (int i = 0; ; i++) {
      List<ImportedNode> level = levels.get(i);
      boolean top = i == levels.size() - 1;
      if (top && level.size() == 1) {
        return level.get(0);
      }
      if (level.isEmpty()) {
        continue;
      }
      boolean isRoot = top || allEmptyAbove(levels, i);
      ImportedNode parent = nodes.parent(level, isRoot ? meta : Metadata.NONE);
      level.clear();
      if (isRoot) {
        return parent;
      }
      add(levels, i + 1, parent, maxLinks, nodes); // may itself fill and flush the level above
    }
  }

  private static void add(List<List<ImportedNode>> levels, int i, ImportedNode node, int maxLinks, FileNodes nodes)
      throws IOException {
    if (levels.size() == i) {
      levels.add(new ArrayList<>());
    }
    List<ImportedNode> level = levels.get(i);
    if (level.size() == maxLinks) {
      ImportedNode parent = nodes.parent(level, Metadata.NONE);
      level.clear();
      add(levels, i + 1, parent, maxLinks, nodes);
    }
    level.add(node);
  }

  private static boolean allEmptyAbove(List<List<ImportedNode>> levels, int i) {
    for (int j = i + 1; j < levels.size(); j++) {
      if (!levels.get(j).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  static List<PbLink> links(List<ImportedNode> children) {
    List<PbLink> links = new ArrayList<>(children.size());
    for (ImportedNode c : children) {
      links.add(NodeWriter.link(c, ""));
    }
    return links;
  }
}
