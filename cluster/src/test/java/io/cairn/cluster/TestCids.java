package io.cairn.cluster;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.nio.charset.StandardCharsets;

/** Distinct CIDs for tests: raw CIDv1 of the text "n". */
public final class TestCids {
  private TestCids() {}

  public static Cid cid(int n) {
    return Cid.v1(Multicodec.RAW, Multihash.sha256(Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
  }
}
