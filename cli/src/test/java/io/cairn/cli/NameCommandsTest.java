package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn key} and {@code cairn name} on a local repository (no daemon). */
class NameCommandsTest {
  @TempDir
  Path tmp;

  @BeforeEach
  void init() {
    System.setProperty("cairn.path", tmp.resolve("repo").toString());
    assertEquals(0, Cli.run("init").exit());
  }

  @AfterEach
  void clear() {
    System.clearProperty("cairn.path");
  }

  private String ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
    return r.out();
  }

  @Test
  void keysPublishAndResolve() throws Exception {
    Files.writeString(tmp.resolve("f.txt"), "content\n");
    String cid = ok("add", "-Q", tmp.resolve("f.txt").toString()).trim();
    String id = ok("key", "gen", "mirror").trim();
    assertTrue(id.startsWith("k51"), id);
    assertEquals("self\nmirror\n", ok("key", "ls"));
    assertTrue(ok("key", "ls", "-l").contains(id + " mirror\n"));
    assertTrue(ok("key", "ls", "--json").contains("{\"Name\":\"mirror\",\"Id\":\"" + id + "\"}"));
    assertEquals("Published to " + id + ": /ipfs/" + cid + "\n", ok("name", "publish", "--key", "mirror", cid));
    assertEquals("{\"Name\":\"" + id + "\",\"Value\":\"/ipfs/" + cid + "\"}\n",
        ok("name", "publish", "-k", "mirror", "--lifetime", "2h", "--ttl", "5m", "--json", "/ipfs/" + cid));
    assertEquals("/ipfs/" + cid + "\n", ok("name", "resolve", id));
    assertEquals("/ipfs/" + cid + "/x\n", ok("name", "resolve", "/ipns/" + id + "/x"));
    assertEquals("/ipfs/" + cid + "\n", ok("name", "resolve", "mirror"));
  }

  @Test
  void contentCommandsTakeIpnsPaths() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("site/sub"));
    Files.writeString(dir.resolve("f.txt"), "under a name\n");
    String cid = ok("add", "-Q", "-r", tmp.resolve("site").toString()).trim();
    String id = ok("key", "gen", "site").trim();
    ok("name", "publish", "--key", "site", cid);

    assertEquals("under a name\n", ok("cat", "/ipns/" + id + "/sub/f.txt"));
    assertEquals("under a name\n", ok("cat", "/ipns/site/sub/f.txt")); // a key's name, as Kubo takes it
    assertTrue(ok("ls", "/ipns/" + id).contains("sub"));
    ok("get", "/ipns/" + id + "/sub", "-o", tmp.resolve("got").toString());
    assertEquals("under a name\n", Files.readString(tmp.resolve("got/f.txt")));

    Path repoDir = tmp.resolve("repo");
    try (Repo repo = Repo.open(repoDir, "test daemon");
        Daemon daemon = Daemon.start(new NodeContext(repo.store(), repo.config(), new Metrics(), repoDir),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))) {
      Files.writeString(repoDir.resolve(Repos.API_FILE), daemon.api() + "\n");
      assertEquals("under a name\n", ok("cat", "/ipns/" + id + "/sub/f.txt"));
      ok("get", "/ipns/" + id, "-o", tmp.resolve("got-remote").toString());
      assertEquals("under a name\n", Files.readString(tmp.resolve("got-remote/sub/f.txt")));
    } finally {
      Files.deleteIfExists(repoDir.resolve(Repos.API_FILE));
    }
    Cli.Result unknown = Cli.run("cat", "/ipns/nokey/f.txt");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("not an IPNS name"), unknown.err());
  }

  @Test
  void errorsSayWhatToDo() {
    Cli.Result noKey = Cli.run("name", "publish", "--key", "nope", "/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertEquals(1, noKey.exit());
    assertTrue(noKey.err().contains("cairn key gen nope"), noKey.err());
    Cli.Result unpublished = Cli.run("name", "resolve");
    assertEquals(1, unpublished.exit());
    assertTrue(unpublished.err().contains("cairn name publish"), unpublished.err());
    Cli.Result badTime = Cli.run("name", "publish", "--lifetime", "2 days", "/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertEquals(1, badTime.exit());
    assertTrue(badTime.err().contains("48h"), badTime.err());
    assertEquals(1, Cli.run("key", "gen", "self").exit());
    assertEquals(1, Cli.run("key", "gen", "--type", "rsa", "x").exit());
  }
}
