package io.cairn.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.BlockSink;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries arriving one at a time become directories in Kubo's report order. */
class StreamedTreeTest {
  private static List<String> add(boolean wrap, String... paths) throws IOException {
    List<String> reported = new ArrayList<>();
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), BlockSink.DISCARD)) {
      StreamedTree t = new StreamedTree(imp, wrap, Metadata.NONE, (path, node) -> reported.add(path));
      for (String p : paths) {
        if (p.endsWith("/")) {
          t.directory(p.substring(0, p.length() - 1), Metadata.NONE);
        } else {
          t.file(p, new ByteArrayInputStream(p.getBytes()), Metadata.NONE);
        }
      }
      int roots = t.finish().size();
      reported.add("roots=" + roots);
    }
    return reported;
  }

  @Test
  void directoriesAreReportedWhenTheirTopLevelEntryIsDone() throws IOException {
    assertEquals(List.of("a/z", "a/b/y", "a/b/x", "a/b", "a", "c", "roots=2"),
        add(false, "a/", "a/z", "a/b/", "a/b/y", "a/b/x", "c"));
  }

  @Test
  void entriesMayArriveBreadthFirst() throws IOException {
    // fast-glob (kubo-rpc-client's globSource) lists a directory before descending into it
    assertEquals(List.of("t/f", "t/s1/x", "t/s2/y", "t/s1", "t/s2", "t", "roots=1"),
        add(false, "t/", "t/s1/", "t/s2/", "t/f", "t/s1/x", "t/s2/y"));
  }

  @Test
  void subDirectoriesAreReportedInLinkOrderNotArrivalOrder() throws IOException {
    assertEquals(List.of("r/z/1", "r/a/1", "r/a", "r/z", "r", "roots=1"), add(false, "r/z/1", "r/a/1"));
  }

  @Test
  void wrappingReportsEveryDirectoryAtTheEnd() throws IOException {
    assertEquals(List.of("b/1", "a", "b", "", "roots=1"), add(true, "b/1", "a"));
  }

  @Test
  void topLevelEntriesAreSeparateAddsUnlessWrapped() throws IOException {
    // as in Kubo, where each top-level entry is added on its own: two roots named "d"
    assertEquals(List.of("d/1", "d", "e", "d/2", "d", "roots=3"), add(false, "d/1", "e", "d/2"));
  }

  @Test
  void duplicatesAndUncleanPathsAreRefused() {
    NodeException e = assertThrows(NodeException.class, () -> add(false, "r/d/1", "r/d/1"));
    assertTrue(e.getMessage().contains("arrived twice"), e.getMessage());
    assertThrows(NodeException.class, () -> add(true, "x", "x"));
    assertThrows(NodeException.class, () -> add(false, "r/f", "r/f/g"));
    assertThrows(NodeException.class, () -> add(false, "r/", "r/"));
    assertThrows(NodeException.class, () -> add(false, "a/../b"));
  }
}
