package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

/** Options read as go-ipfs-cmds reads them. */
class ParamsTest {
  private static Params of(String... kv) {
    Fields f = new Fields();
    for (int i = 0; i < kv.length; i += 2) {
      f.add(kv[i], kv[i + 1]);
    }
    return new Params(f, List.of());
  }

  @Test
  void integersTakeGoBasePrefixes() {
    assertEquals(10, Params.parseGoInt("10"));
    assertEquals(420, Params.parseGoInt("0644"));
    assertEquals(255, Params.parseGoInt("0xff"));
    assertEquals(5, Params.parseGoInt("0b101"));
    assertEquals(8, Params.parseGoInt("0o10"));
    assertEquals(-3, Params.parseGoInt("-3"));
    assertEquals(0, Params.parseGoInt("0"));
    assertThrows(NumberFormatException.class, () -> Params.parseGoInt("0x"));
    assertThrows(NumberFormatException.class, () -> Params.parseGoInt("--1"));
    assertThrows(NumberFormatException.class, () -> Params.parseGoInt("ten"));
  }

  @Test
  void booleansTakeGoSpellings() throws RpcException {
    for (String t : List.of("", "1", "t", "T", "true", "TRUE", "True")) {
      assertEquals(Optional.of(true), of("x", t).bool("x"), t);
    }
    for (String f : List.of("0", "f", "F", "false", "FALSE")) {
      assertEquals(Optional.of(false), of("x", f).bool("x"), f);
    }
    RpcException e = assertThrows(RpcException.class, () -> of("x", "yes").bool("x"));
    assertEquals(400, e.status());
  }

  @Test
  void optionsAnswerToEveryNameOnce() throws RpcException {
    assertEquals(Optional.of("recursive"), of("t", "recursive").string("type", "t"));
    assertThrows(RpcException.class, () -> of("type", "a", "t", "b").string("type", "t"));
    assertThrows(RpcException.class, () -> of("type", "a", "type", "b").string("type", "t"));
    assertEquals("all", of().stringOr("all", "type"));
  }

  @Test
  void argumentsKeepTheirOrderAfterAPathArgument() throws RpcException {
    Fields f = new Fields();
    f.add("arg", "b");
    f.add("arg", "c");
    assertEquals(List.of("a", "b", "c"), new Params(f, List.of("a")).args("x"));
    assertThrows(RpcException.class, () -> of().arg("ipfs-path"));
  }
}
