package io.cairn.cli;

import static io.cairn.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.server.sync.SyncListener;
import io.cairn.server.sync.SyncResult;
import io.cairn.store.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn sync} and {@code sync ls}: the root is what {@code add -r} with the same flags
 * prints, and through a running daemon every command prints what it prints locally.
 */
class SyncCommandTest {
  @TempDir
  Path tmp;

  @AfterEach
  void clear() {
    System.clearProperty("cairn.path");
  }

  private static void write(Path file, int size, long seed, long mtimeMillis) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Files.createDirectories(file.getParent());
    Files.write(file, b);
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMillis));
  }

  /** The same steps on the source tree, with the outputs that must not depend on where the repository is held. */
  private List<String> scenario(Path src) throws Exception {
    Files.createDirectories(src);
    write(src.resolve("pool/a/pkg_1.deb"), 300_000, 1, 1_600_000_000_000L);
    write(src.resolve("pool/b/pkg_2.deb"), 2_000, 2, 1_600_000_001_000L);
    write(src.resolve("dists/Release"), 700, 3, 1_600_000_002_000L);
    Files.setPosixFilePermissions(src.resolve("dists/Release"), PosixFilePermissions.fromString("rw-r-----"));
    Files.setLastModifiedTime(src.resolve("dists"), FileTime.fromMillis(1_600_000_003_000L));
    Files.setLastModifiedTime(src.resolve("pool/a"), FileTime.fromMillis(1_600_000_003_000L));
    Files.setLastModifiedTime(src.resolve("pool/b"), FileTime.fromMillis(1_600_000_003_000L));
    Files.setLastModifiedTime(src.resolve("pool"), FileTime.fromMillis(1_600_000_003_000L));
    Files.setLastModifiedTime(src, FileTime.fromMillis(1_600_000_003_000L));
    String[] flags = {"--preserve-mode", "--preserve-mtime", "--cid-version=1"};
    List<String> out = new ArrayList<>();
    out.add(ok(cat(new String[] {"sync", "--name=deb"}, flags, src)));
    out.add(rootOfAdd(flags, src) + "\n");
    write(src.resolve("dists/Release"), 700, 4, 1_600_000_009_000L); // same size, new bytes
    Files.setPosixFilePermissions(src.resolve("pool/b/pkg_2.deb"), PosixFilePermissions.fromString("rwxr-xr-x"));
    out.add(ok(cat(new String[] {"sync", "--name=deb", "--json"}, flags, src)).replaceAll("\"Unpinned\":\\[.*]", ""));
    out.add(rootOfAdd(flags, src) + "\n");
    Files.delete(src.resolve("pool/b/pkg_2.deb"));
    Files.delete(src.resolve("pool/b"));
    Files.setLastModifiedTime(src.resolve("pool"), FileTime.fromMillis(1_600_000_010_000L));
    out.add(ok(cat(new String[] {"sync", "--name=deb", "--keep=2", "-q"}, flags, src)));
    out.add(rootOfAdd(flags, src) + "\n");
    String ls = ok("sync", "ls", "deb");
    assertEquals(2, ls.strip().split("\n").length, ls);
    out.add(ls.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z", "TIME"));
    out.add(ok("sync", "ls", "--json", "deb").replaceAll("\"Time\":\\d+", "").replace(src.toString(), "SRC"));
    out.add(ok("sync", "ls").replace(src.toString(), "SRC"));
    Cli.Result missing = Cli.run("sync", "ls", "nothing");
    assertEquals(1, missing.exit());
    out.add(missing.err());
    Cli.Result notDir = Cli.run("sync", src.resolve("dists/Release").toString());
    assertEquals(1, notDir.exit());
    out.add(notDir.err().replace(src.toString(), "SRC"));
    Path moved = src.resolveSibling("moved");
    Files.move(src, moved);
    Cli.Result elsewhere = Cli.run(cat(new String[] {"sync", "--name=deb"}, flags, moved));
    assertEquals(1, elsewhere.exit());
    out.add(elsewhere.err().replace(src.toString(), "SRC").replace(moved.toString(), "MOVED"));
    String afterMove = ok(cat(new String[] {"sync", "--name=deb", "--moved", "-q"}, flags, moved));
    assertEquals(rootOfAdd(flags, moved), afterMove.strip());
    assertEquals(out.get(5), afterMove, "the same tree, moved: the same root");
    assertTrue(ok("sync", "ls", "deb").startsWith("3  " + afterMove.strip()), "the same name, and no new version");
    assertEquals(afterMove, ok(cat(new String[] {"sync", "--name=deb", "-q"}, flags, moved)), "the new place is the name's");
    return out;
  }

  private static String rootOfAdd(String[] flags, Path src) {
    return ok(cat(new String[] {"add", "-Q", "-r", "-n"}, flags, src)).strip();
  }

  private static String[] cat(String[] head, String[] flags, Path src) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(flags));
    all.add(src.toString());
    return all.toArray(String[]::new);
  }

  /** Outputs with each repo's own IPNS key, and how the walk went (a daemon watches the tree), taken out. */
  private static List<String> sameNames(List<String> outputs) {
    return outputs.stream().map(o -> o.replaceAll("/ipns/k51[a-z0-9]+", "/ipns/NAME")
        .replaceAll("(?m)^[0-9,]+ director(y|ies) listed: .*\n", "")
        .replaceAll(",\"DirsListed\":[0-9]+(,\"Walk\":\"[^\"]*\")?", "")).toList();
  }

  @Test
  void syncGivesTheRootOfAddAndPrintsTheSameThroughTheDaemon() throws Exception {
    System.setProperty("cairn.path", tmp.resolve("local").toString());
    ok("init");
    List<String> local = scenario(tmp.resolve("local-src/mirror"));
    assertTrue(local.get(0).startsWith("synced deb: version 1 " + local.get(1).strip() + "\n"), local.get(0));
    assertTrue(local.get(0).contains("3 files (295.6 KiB): 3 read (295.6 KiB), 0 unchanged; 5 directories built"),
        local.get(0));
    assertTrue(local.get(2).contains("\"Root\":\"" + local.get(3).strip() + "\""), local.get(2));
    assertTrue(local.get(2).contains("\"FilesRead\":2,"), local.get(2)); // the rewritten file and the chmod-ed one
    assertEquals(local.get(5), local.get(4));
    assertTrue(local.get(0).contains("published /ipns/k51"), local.get(0));
    assertTrue(local.get(2).contains("\"Ipns\":\"/ipns/k51"), local.get(2));
    assertEquals("/ipfs/" + local.get(5).strip(), ok("name", "resolve", "deb").strip(),
        "the tree's stable name points at its latest version");

    Path remoteRepo = tmp.resolve("remote");
    System.setProperty("cairn.path", remoteRepo.toString());
    ok("init");
    List<SyncResult> published = new ArrayList<>();
    try (Repo repo = Repo.open(remoteRepo, "test daemon");
        NodeContext node = new NodeContext(repo.store(), repo.config(), new Metrics(), remoteRepo);
        Daemon daemon = Daemon.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))) {
      node.afterSync(new SyncListener() {
        @Override
        public void committed(SyncResult result) {
          published.add(result);
        }
      });
      Files.writeString(remoteRepo.resolve(Repos.API_FILE), daemon.api() + "\n", StandardCharsets.UTF_8);
      List<String> remote = scenario(tmp.resolve("remote-src/mirror"));
      assertEquals(sameNames(local), sameNames(remote), "the same output but for each repo's own IPNS key");
    }
    assertEquals(5, published.size());
    assertEquals(local.get(5).strip(), published.get(2).root().toString());
  }
}
