package io.cairn.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.codec.Cid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DAG-JSON as the spec and Kubo's dag get write it. */
class DagJsonTest {
  private static String json(Object v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DagJson.write(v, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void kindsAndKeyOrder() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("zz", null);
    m.put("b", new byte[] {1, 2, 3});
    m.put("aa", Arrays.asList(true, 1L, BigInteger.TWO.pow(64).subtract(BigInteger.ONE), "é\n"));
    m.put("l", Cid.parse("bafkqaaa"));
    assertEquals("{\"aa\":[true,1,18446744073709551615,\"é\\n\"],\"b\":{\"/\":{\"bytes\":\"AQID\"}},"
        + "\"l\":{\"/\":\"bafkqaaa\"},\"zz\":null}", json(m));
  }
}
