package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.codec.MalformedDataException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The repository's Cluster section: defaults, round trip of a fresh one, bad values named. */
class ClusterSettingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void freshSectionParsesToLoopbackDefaultsWithARandomSecret() throws Exception {
    ObjectNode a = ClusterSettings.fresh("archive", "peerA", 9096, 9094);
    ClusterSettings s = ClusterSettings.parse(a, "ignored");
    assertEquals("archive", s.name());
    assertEquals("peerA", s.peerId());
    assertEquals("127.0.0.1", s.raftHost());
    assertEquals(9096, s.raftPort());
    assertEquals(9094, s.apiPort());
    assertEquals(64, s.secret().length());
    assertNotEquals(s.secret(), ClusterSettings.parse(ClusterSettings.fresh("archive", "p", 1, 2), "").secret());
    assertEquals(Duration.ofSeconds(15), s.liveness());
    assertEquals(-1, s.replicationMin());
    assertEquals("127.0.0.1:9094", s.peerConfig(Path.of("/tmp/x")).apiAddress());
  }

  @Test
  void peersTagsAndDefaultPeerId() throws Exception {
    ClusterSettings s = ClusterSettings.parse(JSON.readTree("""
        {"Name":"n","Peers":["A@127.0.0.1:1","B@10.0.0.2:2"],"Tags":{"region":"eu"},
         "AllocateBy":["region"],"LivenessSeconds":2,"ReplicationMin":2,"ReplicationMax":3}"""), "self");
    assertEquals("self", s.peerId());
    assertEquals(List.of(new PeerRecord("A", "127.0.0.1:1", ""), new PeerRecord("B", "10.0.0.2:2", "")), s.peers());
    assertEquals(Map.of("region", "eu"), s.tags());
    assertEquals(List.of("region"), s.allocateBy());
    assertEquals(Duration.ofSeconds(2), s.liveness());
    assertEquals(2, s.replicationMin());
    assertEquals(3, s.replicationMax());
  }

  @Test
  void badValuesAreRefusedNamingTheKey() throws Exception {
    Map<String, String> cases = Map.of(
        "{}", "Cluster.Name",
        "{\"Name\":\"n\",\"RaftAddress\":\"nohost\"}", "Cluster.RaftAddress",
        "{\"Name\":\"n\",\"APIAddress\":\"h:99999\"}", "Cluster.APIAddress",
        "{\"Name\":\"n\",\"Peers\":[\"127.0.0.1:1\"]}", "Cluster.Peers",
        "{\"Name\":\"n\",\"LivenessSeconds\":0}", "Cluster.LivenessSeconds",
        "[]", "Cluster");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      MalformedDataException e = assertThrows(MalformedDataException.class,
          () -> ClusterSettings.parse(JSON.readTree(c.getKey()), "p"), c.getKey());
      assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " → " + e.getMessage());
    }
  }
}
