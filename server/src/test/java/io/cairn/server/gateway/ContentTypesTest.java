package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentTypesTest {
  static String sniff(String s) {
    return ContentTypes.sniff(s.getBytes(StandardCharsets.UTF_8), true);
  }

  @Test
  void byExtension() {
    assertEquals(Optional.of("text/html; charset=utf-8"), ContentTypes.byName("index.HTML"));
    assertEquals(Optional.of("image/jpeg"), ContentTypes.byName("a.b.jpeg"));
    assertEquals(Optional.of("application/vnd.ipld.car"), ContentTypes.byName("x.car"));
    assertEquals(Optional.empty(), ContentTypes.byName("README"));
    assertEquals(Optional.empty(), ContentTypes.byName("trailing."));
    assertEquals(Optional.empty(), ContentTypes.byName("x.unknownext"));
  }

  @Test
  void magicNumbers() {
    assertEquals("image/png", ContentTypes.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0}, false));
    assertEquals("image/jpeg", ContentTypes.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, false));
    assertEquals("image/gif", sniff("GIF89a..."));
    assertEquals("application/pdf", sniff("%PDF-1.7\n"));
    assertEquals("application/octet-stream", ContentTypes.sniff(new byte[] {0, 1, 2, 3}, true));
  }

  @Test
  void textKinds() {
    assertEquals("text/html; charset=utf-8", sniff("  <!DOCTYPE html><p>x"));
    assertEquals("text/html; charset=utf-8", sniff("<html>"));
    assertEquals("application/json", sniff("{\"a\": 1}"));
    assertEquals("application/json", sniff("[1, 2]"));
    assertEquals("text/plain; charset=utf-8", sniff("[citation needed]"));
    assertEquals("text/plain; charset=utf-8", sniff("héllo wörld\n"));
    assertEquals("text/plain; charset=utf-8", sniff(""));
    assertEquals("application/octet-stream", ContentTypes.sniff(new byte[] {'a', (byte) 0xff, 'b'}, true));
  }

  @Test
  void aCharacterCutByTheSampleIsStillText() {
    byte[] e = "aaé".getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(e, e.length - 1);
    assertEquals("text/plain; charset=utf-8", ContentTypes.sniff(cut, false));
    assertEquals("application/octet-stream", ContentTypes.sniff(cut, true), "the whole file cannot end mid-character");
  }
}
