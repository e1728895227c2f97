package io.cairn.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.cairn.codec.DagPb;
import io.cairn.codec.PbNode;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class LeafSourceTest {
  @Property
  void fastLeafEncodingMatchesTheGeneralEncoders(@ForAll @Size(max = 300) byte[] chunk, @ForAll boolean trickle) {
    UnixfsType type = trickle ? UnixfsType.RAW : UnixfsType.FILE;
    UnixfsData.Builder d = UnixfsData.builder(type).filesize(chunk.length);
    if (chunk.length > 0) {
      d.data(chunk);
    }
    byte[] expected = DagPb.encode(PbNode.of(List.of(), d.build().encode()));
    assertArrayEquals(expected, LeafSource.dagPbLeaf(type, chunk));
  }
}
