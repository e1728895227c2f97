package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.Multicodec;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Config;
import io.cairn.store.Identity;
import io.cairn.store.RocksStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Datastore.HashOnRead}: off (Kubo's default), the gateway trusts stored bytes as they
 * were checked when stored; on, it hashes every block it reads and refuses damaged ones. The
 * store's own {@code get} (the CLI's reads, {@code repo verify}) always hashes.
 */
class HashOnReadTest {
  static final Multiaddr ANY = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  @TempDir
  Path dir;

  @Test
  void offByDefault() {
    Config c = Config.defaults(Identity.generate());
    assertFalse(c.hashOnRead());
    assertEquals(BooleanNode.FALSE, c.get("Datastore.HashOnRead").orElseThrow(), "written out, as Kubo does");
    c.set("Datastore.HashOnRead", BooleanNode.TRUE);
    assertTrue(c.hashOnRead());
  }

  @Test
  void damagedBlocksAreServedOnlyWithoutHashOnRead() throws Exception {
    byte[] data = new byte[10_000];
    new Random(4).nextBytes(data);
    Block block = Block.create(1, Multicodec.RAW, data);
    try (RocksStore store = RocksStore.open(dir.resolve("db"))) {
      store.put(block);
      flipByte(dir.resolve("db/packs/000001.pack"), 100);
      byte[] damaged = data.clone();
      damaged[100] ^= (byte) 0xff;
      HttpClient http = HttpClient.newHttpClient();
      for (boolean hashOnRead : new boolean[] {false, true}) {
        Config config = Config.defaults(Identity.generate());
        config.set("Datastore.HashOnRead", BooleanNode.valueOf(hashOnRead));
        try (Daemon d = Daemon.start(new NodeContext(store, config, new Metrics()), ANY, ANY)) {
          for (String q : new String[] {"?format=raw", ""}) {
            var r = http.send(HttpRequest.newBuilder(URI.create(d.gateway().httpUrl() + "/ipfs/" + block.cid() + q))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (hashOnRead) {
              assertTrue(r.statusCode() >= 400, "HashOnRead refuses a block that does not hash to its CID " + q
                  + ": " + r.statusCode());
              assertTrue(r.body().length < 1000, "an error line, not the block");
            } else {
              assertEquals(200, r.statusCode(), q);
              assertArrayEquals(damaged, r.body(), "trusted as stored; a trustless client checks it itself " + q);
            }
          }
        }
      }
      assertThrows(BlockMismatchException.class, () -> store.get(block.cid()), "checked reads still hash");
    }
  }

  private static void flipByte(Path file, long at) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, at);
      one.put(0, (byte) (one.get(0) ^ 0xff));
      one.rewind();
      ch.write(one, at);
    }
  }
}
