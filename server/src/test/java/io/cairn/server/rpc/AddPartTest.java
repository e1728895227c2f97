package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Part names read as boxo reads them. */
class AddPartTest {
  @Test
  void pathsAreCleanedWithinTheUploadRoot() {
    assertEquals("a/b", AddPart.clean("a/b"));
    assertEquals("a/b", AddPart.clean("/a//./b/"));
    assertEquals("etc/passwd", AddPart.clean("../../etc/passwd"));
    assertEquals("b", AddPart.clean("a/../b"));
    assertEquals("", AddPart.clean(".."));
    assertEquals("", AddPart.clean(""));
  }

  @Test
  void namesAreQueryUnescaped() {
    assertEquals("dir/a b+c.txt", AddPart.unescape("dir%2Fa+b%2Bc.txt"));
    assertEquals("100%", AddPart.unescape("100%")); // not an escape: taken as sent
  }
}
