package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.codec.Multibase;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** id, version, repo, config, swarm and routing: the node itself. */
class NodeCommandsTest {
  TestNode node;

  @BeforeEach
  void start() throws IOException {
    node = new TestNode();
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
  }

  @Test
  void idGivesThePeerIdAndItsPublicKey() throws IOException {
    JsonNode id = TestNode.json(node.post("id"));
    assertEquals(List.of("ID", "PublicKey", "Addresses", "AgentVersion", "ProtocolVersion", "Protocols"), fields(id));
    assertEquals(node.config.peerId(), id.get("ID").asText());
    byte[] key = Base64.getDecoder().decode(id.get("PublicKey").asText());
    assertArrayEquals(new byte[] {0x08, 0x01, 0x12, 0x20}, Arrays.copyOf(key, 4)); // libp2p Ed25519 public key
    assertEquals(id.get("ID").asText(), Multibase.BASE58BTC.encodeBare(Multihash.identity(key).bytes()));
    assertEquals("cairn/0.1.0", id.get("AgentVersion").asText());
    assertEquals(0, id.get("Addresses").size());
    assertEquals(500, node.post("id?arg=12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf").statusCode());
  }

  @Test
  void versionSaysWhatRuns() {
    JsonNode v = TestNode.json(node.post("version"));
    assertEquals("0.1.0", v.get("Version").asText());
    assertEquals(Integer.toString(io.cairn.store.Repo.VERSION), v.get("Repo").asText());
    assertTrue(v.get("System").asText().matches("[a-z0-9]+/[a-z]+"), v.toString());
    assertEquals(Runtime.version().toString(), v.get("Java").asText());
    assertFalse(v.has("Golang"));
  }

  @Test
  void repoStatGcAndVerify() throws IOException {
    node.post("add?pin=false", new Multipart().file("x", "garbage"));
    JsonNode stat = TestNode.json(node.post("repo/stat"));
    assertEquals(List.of("RepoSize", "StorageMax", "NumObjects", "RepoPath", "Version"), fields(stat));
    assertEquals(1, stat.get("NumObjects").asLong());
    assertEquals(7, stat.get("RepoSize").asLong() - 8); // dag-pb leaf: 8 bytes of framing around "garbage"
    assertEquals(10_000_000_000L, stat.get("StorageMax").asLong()); // "10GB", read as Kubo reads it
    assertEquals("cairn-repo@" + io.cairn.store.Repo.VERSION, stat.get("Version").asText());
    assertEquals(0, TestNode.json(node.post("repo/stat?size-only=true")).get("NumObjects").asLong());

    List<JsonNode> verify = TestNode.lines(node.post("repo/verify"));
    assertEquals("{\"Msg\":\"\",\"Progress\":1}", verify.get(0).toString());
    assertEquals("verify complete, all blocks validated.", verify.get(1).get("Msg").asText());

    List<JsonNode> gc = TestNode.lines(node.post("repo/gc"));
    assertEquals(1, gc.size());
    assertTrue(gc.get(0).get("Key").get("/").asText().startsWith("bafkrei"), gc.toString());
    assertEquals(0, TestNode.json(node.post("repo/stat")).get("NumObjects").asLong());
  }

  @Test
  void configReadsKeysButNeverThePrivateKeyAndIsReadOnly() {
    JsonNode api = TestNode.json(node.post("config?arg=Addresses.API"));
    assertEquals("{\"Key\":\"Addresses.API\",\"Value\":\"/ip4/127.0.0.1/tcp/5001\"}", api.toString());
    JsonNode all = TestNode.json(node.post("config/show"));
    assertEquals(node.config.peerId(), all.get("Identity").get("PeerID").asText());
    assertFalse(all.get("Identity").has("PrivKey"));
    assertFalse(TestNode.json(node.post("config?arg=Identity")).get("Value").has("PrivKey"));
    assertTrue(node.post("config?arg=Identity.PrivKey").body().contains("cannot show or change private key"));
    HttpResponse<String> set = node.post("config?arg=Addresses.API&arg=/ip4/0.0.0.0/tcp/1");
    assertEquals(403, set.statusCode());
    assertTrue(set.body().contains("read-only over the API"), set.body());
    assertEquals(403, node.post("config/replace").statusCode());
    assertEquals(500, node.post("config?arg=No.Such").statusCode());
  }

  @Test
  void swarmHasNoPeersAndFindprovsKnowsOnlyThisNode() {
    assertEquals("{\"Peers\":[]}", node.post("swarm/peers").body().trim());
    String cid = TestNode.lines(node.post("add", new Multipart().file("p", "provided"))).get(0).get("Hash").asText();
    List<JsonNode> events = TestNode.lines(node.post("routing/findprovs?arg=" + cid));
    assertEquals(1, events.size());
    JsonNode e = events.get(0);
    assertEquals(4, e.get("Type").asInt());
    JsonNode provider = e.get("Responses").get(0);
    assertEquals(node.config.peerId(), provider.get("ID").asText());
    assertEquals(node.daemon.gateway() + "/http", provider.get("Addrs").get(0).asText());
    assertEquals("", node.post("routing/findprovs?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").body());
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
