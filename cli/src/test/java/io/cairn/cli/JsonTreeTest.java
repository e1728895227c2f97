package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The daemon's answers read without an ObjectMapper must be the trees an ObjectMapper reads. */
class JsonTreeTest {
  @Test
  void readsWhatAnObjectMapperReads() throws Exception {
    String text = "{\"Name\":\"mirror\",\"Version\":3,\"Bytes\":5000000000,\"Big\":123456789012345678901234567890,"
        + "\"Ratio\":0.25,\"Changed\":true,\"Gone\":false,\"Ipns\":null,\"Unpinned\":[\"a\",{\"b\":[1,[2]]}],"
        + "\"Empty\":{},\"None\":[],\"Text\":\"\\u00e9\\n\"}";
    JsonNode mine = JsonTree.read(text);
    assertEquals(new ObjectMapper().readTree(text), mine);
    assertEquals(mine, JsonTree.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    assertEquals(5_000_000_000L, mine.path("Bytes").asLong());
    assertTrue(mine.path("Version").isInt());
  }

  @Test
  void refusesWhatIsNotOneJsonValue() {
    for (String bad : new String[] {"", "   ", "{\"a\":1} {\"b\":2}", "{\"a\":", "[1,2", "{\"a\" 1}", "nope"}) {
      assertThrows(JsonParseException.class, () -> JsonTree.read(bad), bad);
    }
    String deep = "[".repeat(100) + "]".repeat(100);
    JsonParseException e = assertThrows(JsonParseException.class, () -> JsonTree.read(deep));
    assertTrue(e.getMessage().contains("deeper than"), e.getMessage());
    assertTrue(e.getLocation().getColumnNr() > 60, "names where: " + e.getLocation());
  }
}
