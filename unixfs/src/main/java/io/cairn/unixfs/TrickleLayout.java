package io.cairn.unixfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's trickle layout (boxo importer/trickle). A node first takes up to maxLinks leaves;
 * then, for depth 1, 2, … (up to the node's own depth limit), it appends
 * {@value #DEPTH_REPEAT} subtrees of that depth, each built by the same rule, until the
 * data runs out. The root has no depth limit and is always an internal node.
 */
final class TrickleLayout {
  static final int DEPTH_REPEAT = 4;

  private TrickleLayout() {}

  static ImportedNode build(LeafSource source, FileNodes nodes, Metadata meta) throws IOException {
    List<ImportedNode> children = fill(source, nodes, -1);
    return nodes.parent(children, meta);
  }

  private static List<ImportedNode> fill(LeafSource source, FileNodes nodes, int maxDepth) throws IOException {
    int maxLinks = nodes.options().maxLinks();
    List<ImportedNode> children = new ArrayList<>();
    while (children.size() < maxLinks && !source.done()) {
      children.add(source.next());
    }
    for (int depth = 1; (maxDepth == -1 || depth < maxDepth) && !source.done(); depth++) {
      for (int r = 0; r < DEPTH_REPEAT && !source.done(); r++) {
        children.add(nodes.parent(fill(source, nodes, depth), Metadata.NONE));
      }
    }
    return children;
  }
}
