package io.cairn.cluster.rest;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.cluster.MiniCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPFS Cluster JS client ({@code @nftstorage/ipfs-cluster}, from interop/'s npm packages)
 * drives this API: {@code interop/cluster/drive-client.mjs} pins, reads status, allocation and
 * the whole status list, unpins, and checks each answer. Needs node and {@code npm install} in
 * interop/ (it is skipped, saying so, without them).
 */
@Timeout(90)
class JsClientTest {
  @TempDir Path dir;

  @Test
  void ipfsClusterJsClientDrivesTheApi() throws Exception {
    Path interop = Path.of("..", "interop").toAbsolutePath().normalize();
    Path script = interop.resolve("cluster/drive-client.mjs");
    Assumptions.assumeTrue(Files.isDirectory(interop.resolve("node_modules/@nftstorage/ipfs-cluster")),
        "run 'npm install' in interop/ to run the JS client test");
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      try (ClusterApi api = ClusterApi.start(c.peer("p3"), "127.0.0.1", 0, MiniCluster.SECRET, -1, -1, c.clock)) {
        Process node = new ProcessBuilder("node", script.toString(),
            "http://127.0.0.1:" + api.address().getPort() + "/", MiniCluster.SECRET, cid(77).toString())
            .directory(interop.toFile())
            .redirectErrorStream(true)
            .start();
        boolean done = node.waitFor(60, TimeUnit.SECONDS);
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
          node.destroyForcibly();
        }
        assertTrue(done, "node did not finish: " + out);
        assertEquals(0, node.exitValue(), out);
        assertTrue(out.contains("\"ok\":true"), out);
      }
    }
  }
}
