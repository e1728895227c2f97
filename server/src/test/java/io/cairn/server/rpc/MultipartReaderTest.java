package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Parts come out whole whatever pieces the body arrives in, one byte at a time included. */
class MultipartReaderTest {
  static final byte[] BIG = AddCommandTest.random(200_000, 11);

  private static Multipart body() {
    return new Multipart().dir("d").file("d/a b.txt", "first").file("d/big", BIG)
        .part("file?mode=0644", "e", "application/octet-stream", new byte[0]);
  }

  /** Hands out at most {@code max} bytes per read. */
  private static InputStream trickle(byte[] b, int max) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, max));
      }
    };
  }

  private static void readsAllParts(InputStream in) throws Exception {
    Multipart m = body();
    MultipartReader r = MultipartReader.open(m.contentType(), in, "add");
    MultipartReader.Part p = r.next();
    assertEquals("application/x-directory", p.contentType());
    assertEquals("d", p.fileName());
    p = r.next();
    assertEquals("d%2Fa%20b.txt", p.fileName());
    assertEquals("file-1", p.formName());
    assertEquals("first", new String(p.content().readAllBytes(), StandardCharsets.UTF_8));
    p = r.next();
    assertArrayEquals(BIG, p.content().readAllBytes());
    p = r.next();
    assertEquals("file?mode=0644", p.formName());
    assertEquals(-1, p.content().read());
    assertNull(r.next());
  }

  @Test
  void wholeBody() throws Exception {
    readsAllParts(new ByteArrayInputStream(body().bytes()));
  }

  @Test
  void oneByteAtATime() throws Exception {
    readsAllParts(trickle(body().bytes(), 1));
  }

  @Test
  void oddSizedPieces() throws Exception {
    readsAllParts(trickle(body().bytes(), 4093));
  }

  @Test
  void unreadContentIsSkippedByNext() throws Exception {
    Multipart m = body();
    MultipartReader r = MultipartReader.open(m.contentType(), new ByteArrayInputStream(m.bytes()), "add");
    int parts = 0;
    while (r.next() != null) {
      parts++;
    }
    assertEquals(4, parts);
  }

  @Test
  void aTruncatedBodyIsAnError() throws Exception {
    Multipart m = body();
    byte[] b = m.bytes();
    MultipartReader r = MultipartReader.open(m.contentType(),
        new ByteArrayInputStream(Arrays.copyOf(b, b.length - 100)), "add");
    IOException e = assertThrows(IOException.class, () -> {
      MultipartReader.Part p;
      while ((p = r.next()) != null) {
        p.content().readAllBytes();
      }
    });
    assertTrue(e.getMessage().contains("multipart"), e.getMessage());
  }

  @Test
  void onlyMultipartFormDataIsAccepted() {
    RpcException e = assertThrows(RpcException.class,
        () -> MultipartReader.open("application/json", new ByteArrayInputStream(new byte[0]), "add"));
    assertEquals(400, e.status());
    assertThrows(RpcException.class, () -> MultipartReader.open(null, new ByteArrayInputStream(new byte[0]), "add"));
  }
}
