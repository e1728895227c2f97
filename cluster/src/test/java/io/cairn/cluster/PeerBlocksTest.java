package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.car.CarHeader;
import io.cairn.codec.Block;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Varint;
import io.cairn.store.MemoryStore;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The asking side of {@code POST /blocks} against peers that answer wrongly: a block that does
 * not hash to its CID or was not asked for ends that answer, what came before it is kept, and
 * the next peer is asked. (The serving side and the whole path: {@code HeldBlocksTest},
 * {@code PinTrackerTest}.)
 */
@Timeout(30)
class PeerBlocksTest {
  private static Block raw(String text) {
    return Block.create(1, Multicodec.RAW, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A CARv1 of these sections as given: the bytes are not checked against the CIDs. */
  private static byte[] car(List<Block> sections, Block corrupt) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(CarHeader.v1(List.of()).encode());
    for (Block b : sections) {
      byte[] cid = b.cid().bytes();
      byte[] data = b == corrupt ? "other bytes".getBytes(StandardCharsets.UTF_8) : b.data();
      out.write(Varint.encode((long) cid.length + data.length));
      out.write(cid);
      out.write(data);
    }
    return out.toByteArray();
  }

  /** A server answering every request with {@code body} (a peer that sends what it likes). */
  private static Server peer(byte[] body) throws Exception {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          org.eclipse.jetty.util.Callback callback) {
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
      }
    });
    server.start();
    return server;
  }

  private static String url(Server s) {
    return "http://127.0.0.1:" + ((ServerConnector) s.getConnectors()[0]).getLocalPort();
  }

  @Test
  void keepsWhatIsVerifiedAndAskedForThenAsksTheNextPeer() throws Exception {
    Block a = raw("a");
    Block b = raw("b");
    Block c = raw("c, held by a good peer but never asked for");
    Block x = raw("x, sent by a bad peer but never asked for");
    Block d = raw("d, held by nobody");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Server bad = peer(car(List.of(a, b, x), b)); // a, then b with wrong bytes, then x
    Server good = peer(car(List.of(b, c), null));
    MemoryStore store = new MemoryStore();
    Map<String, String> apis = new LinkedHashMap<>();
    apis.put("down", "http://127.0.0.1:" + closedPort);
    apis.put("bad", url(bad));
    apis.put("good", url(good));
    apis.put("self", "http://127.0.0.1:" + closedPort);
    try (PeerBlocks blocks = new PeerBlocks(store, "self", () -> apis, "s")) {
      Pin pinA = new Pin(a.cid(), PinMode.RECURSIVE, "cluster:a");
      assertEquals(a.size(), blocks.fetch(pinA)); // from bad, whose answer ends at the corrupt b
      assertEquals(Optional.of(pinA), store.pin(a.cid()));
      assertTrue(store.has(a.cid()));
      assertFalse(store.has(b.cid()), "b with wrong bytes is not stored");

      Pin pinB = new Pin(b.cid(), PinMode.DIRECT, "cluster:b");
      assertEquals(b.size(), blocks.fetch(pinB)); // bad sends a (not asked): good is asked next
      assertEquals(Optional.of(pinB), store.pin(b.cid()));
      assertEquals("b", new String(store.get(b.cid()), StandardCharsets.UTF_8));

      Pin pinD = new Pin(d.cid(), PinMode.RECURSIVE, "cluster:d");
      assertEquals(-1, blocks.fetch(pinD)); // nobody sends d: the caller fetches it the ordinary way
      assertEquals(Optional.empty(), store.pin(d.cid()));
      for (Block never : List.of(c, x, d)) {
        assertFalse(store.has(never.cid()), "not asked for, not stored: " + never.cid());
      }
    } finally {
      bad.stop();
      good.stop();
    }
  }
}
