package io.cairn.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.codec.Block;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A file prepared on another thread and stored later gives the same root and hands the sink
 * the same blocks, in the same order, as streaming it through {@link UnixfsImporter#file}, for
 * sizes around chunk boundaries and every layout and leaf kind.
 */
class PreparedFileTest {
  @Property(tries = 60)
  void preparedFilesMatchStreamedOnes(@ForAll @IntRange(min = 0, max = 5) int chunks, @ForAll @IntRange(min = -1, max = 1) int offset,
      @ForAll boolean trickle, @ForAll boolean rawLeaves, @ForAll boolean meta, @ForAll long seed) throws IOException {
    int chunk = 1024;
    int size = Math.max(0, chunks * chunk + offset);
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    ImportOptions options = ImportOptions.builder().cidVersion(1).rawLeaves(rawLeaves && !meta).chunkSize(chunk).maxLinks(3)
        .layout(trickle ? Layout.TRICKLE : Layout.BALANCED).preserveMode(meta).build();
    Metadata m = meta ? new Metadata(0640, new UnixTime(1_700_000_000L, 5)) : Metadata.NONE;
    List<Block> streamed = new ArrayList<>();
    List<Block> prepared = new ArrayList<>();
    ImportedNode a;
    ImportedNode b;
    try (UnixfsImporter s = new UnixfsImporter(options, streamed::add)) {
      a = s.file(new ByteArrayInputStream(content), m);
    }
    try (UnixfsImporter p = new UnixfsImporter(options, prepared::add)) {
      PreparedFile f = p.prepareFile(content, m);
      assertEquals(List.of(), prepared, "nothing is stored before put");
      b = p.put(f);
    }
    assertEquals(a, b);
    assertEquals(streamed.stream().map(Block::cid).toList(), prepared.stream().map(Block::cid).toList());
  }
}
