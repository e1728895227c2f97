package io.cairn.server.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cairn.codec.Cid;
import io.cairn.store.Config;
import io.cairn.store.DagWalk;
import io.cairn.store.Identity;
import io.cairn.store.MemoryStore;
import io.cairn.store.Store;
import io.cairn.transfer.FetchFailedException;
import io.cairn.transfer.FetchResult;
import io.cairn.transfer.Provider;
import io.cairn.transfer.ProviderConfig;
import io.cairn.transfer.Transfer;
import io.cairn.transfer.TransferSettings;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fetches with real daemons as providers, some behind a {@link FaultProxy} that counts,
 * corrupts, throttles, cuts off or dies.
 */
class DagFetchTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final TransferSettings SETTINGS = TransferSettings.defaults()
      .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5))
      .withRetries(8, Duration.ofMillis(20), Duration.ofMillis(500));

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final MemoryStore local = new MemoryStore();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closes(T c) {
    closing.add(c);
    return c;
  }

  private Peer peer() throws IOException {
    return closes(new Peer());
  }

  private FaultProxy proxy(Peer p) throws Exception {
    return closes(new FaultProxy(p.url()));
  }

  private Transfer transfer(String... urls) throws IOException {
    List<Provider> ps = new ArrayList<>();
    for (String u : urls) {
      ps.add(Provider.ofUrl(u, SETTINGS));
    }
    return closes(new Transfer(local, ps, List.of(), SETTINGS, ""));
  }

  private static Provider provider(Transfer t, String url) {
    return t.providers().stream().filter(p -> p.baseUrl().equals(url)).findFirst().orElseThrow();
  }

  /** Every block of the DAG is held and hashes to its CID, and nothing else was stored. */
  private void assertComplete(Cid root, Store source) throws IOException {
    DagWalk.Result want = DagWalk.walk(source, root, new HashSet<>());
    DagWalk.Result got = DagWalk.walk(local, root, new HashSet<>());
    assertTrue(got.complete(), "missing " + got.missing());
    assertEquals(want.blocks(), got.blocks());
    assertEquals(want.bytes(), got.bytes());
    AtomicLong keys = new AtomicLong();
    local.forEachKey(k -> keys.incrementAndGet());
    assertEquals(got.blocks(), keys.get(), "blocks stored that are not in the DAG");
  }

  private void assertFileEquals(ImportedNode file, byte[] data) throws IOException {
    try (InputStream in = new UnixfsExporter(local).open(file.cid())) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void largeFileFromOnePeerWithWireOverheadUnderThreePercent() throws Exception {
    Peer a = peer();
    byte[] data = Peer.random(24 << 20, 1);
    ImportedNode file = a.file(data);
    FaultProxy counter = proxy(a);
    Transfer t = transfer(counter.url());
    FetchResult r = assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(file.cid()));
    assertComplete(file.cid(), a.store);
    assertFileEquals(file, data);
    double overhead = (double) counter.bytes() / data.length;
    System.out.printf("wire/content for a %d-byte file: %.5f (engine counted %d, proxy %d, %d requests)%n",
        data.length, overhead, r.wireBytes(), counter.bytes(), counter.requests());
    assertEquals(counter.bytes(), r.wireBytes());
    assertTrue(overhead <= 1.03, "wire overhead " + overhead);
    assertEquals(0, r.duplicates());
    assertEquals(0, r.badBlocks());
  }

  @Test
  void hamtTreeFromAPeerInPeeringPeers() throws Exception {
    Peer a = peer();
    ImportedNode tree = a.tree(400, 3 << 20, 7);
    Config config = Config.defaults(Identity.generate());
    ArrayNode peers = JsonNodeFactory.instance.arrayNode();
    peers.addObject().put("ID", a.config.peerId()).putArray("Addrs")
        .add("/ip4/127.0.0.1/tcp/4001").add(a.multiaddr());
    config.set(ProviderConfig.PEERS_KEY, peers);
    Transfer t = closes(Transfer.fromConfig(local, config, SETTINGS));
    assertEquals(List.of(a.url()), t.providers().stream().map(Provider::baseUrl).toList());
    FetchResult r = assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(tree.cid()));
    assertComplete(tree.cid(), a.store);
    assertEquals(a.config.peerId(), t.providers().get(0).id());
    assertTrue(r.blocks() > 400, "blocks " + r.blocks());
    UnixfsExporter ex = new UnixfsExporter(local);
    assertEquals(400, ex.list(ex.resolve(tree.cid(), "sharded")).size());
  }

  @Test
  void providerFoundThroughDelegatedRouting() throws Exception {
    Peer a = peer();
    ImportedNode file = a.file(Peer.random(1 << 20, 3));
    Config config = Config.defaults(Identity.generate());
    config.set(ProviderConfig.ROUTERS_KEY, JsonNodeFactory.instance.arrayNode().add(a.url()));
    Transfer t = closes(Transfer.fromConfig(local, config, SETTINGS));
    assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(file.cid()));
    assertComplete(file.cid(), a.store);
    assertEquals(a.config.peerId(), t.providers().get(0).id());
  }

  @Test
  void overHttp2WithoutTls() throws Exception {
    Peer a = peer();
    byte[] data = Peer.random(8 << 20, 12);
    ImportedNode file = a.file(data);
    TransferSettings h2c = SETTINGS.withH2c(true);
    Transfer t = closes(new Transfer(local, List.of(Provider.ofUrl(a.url(), h2c)), List.of(), h2c, ""));
    FetchResult r = assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(file.cid()));
    assertComplete(file.cid(), a.store);
    assertFileEquals(file, data);
    assertEquals("HTTP/2.0", provider(t, a.url()).protocol());
    assertEquals(0, r.duplicates());
  }

  @Test
  void workIsSpreadOverThreePeers() throws Exception {
    List<FaultProxy> proxies = new ArrayList<>();
    ImportedNode file = null;
    byte[] data = Peer.random(8 << 20, 2);
    for (int i = 0; i < 3; i++) {
      Peer p = peer();
      file = p.file(data);
      proxies.add(proxy(p));
    }
    Transfer t = transfer(proxies.stream().map(FaultProxy::url).toArray(String[]::new));
    Cid root = file.cid();
    FetchResult r = assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(root));
    assertFileEquals(file, data);
    long total = 0;
    for (FaultProxy p : proxies) {
      Provider pr = provider(t, p.url());
      assertTrue(pr.blocks() > 0, pr + " served no block");
      total += pr.blocks();
    }
    assertEquals(r.blocks(), total);
    assertEquals(0, r.duplicates());
  }

  @Test
  void corruptedBlocksAreRefusedAndTheirPeerDemoted() throws Exception {
    byte[] data = Peer.random(6 << 20, 4);
    List<FaultProxy> proxies = new ArrayList<>();
    Peer source = null;
    ImportedNode file = null;
    for (int i = 0; i < 3; i++) {
      source = peer();
      file = source.file(data);
      proxies.add(proxy(source));
    }
    FaultProxy bad = proxies.get(0).corrupting();
    Transfer t = transfer(proxies.stream().map(FaultProxy::url).toArray(String[]::new));
    Cid root = file.cid();
    FetchResult r = assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(root));
    assertComplete(root, source.store);
    assertFileEquals(file, data);
    Provider b = provider(t, bad.url());
    assertTrue(bad.requests() > 0, "the corrupting peer was never asked");
    assertTrue(b.badBlocks() > 0 && r.badBlocks() > 0, "no bad block seen");
    assertTrue(b.demotions() > 0, "the corrupting peer was not demoted");
  }

  @Test
  void peerKilledMidTransfer() throws Exception {
    byte[] data = Peer.random(8 << 20, 5);
    List<FaultProxy> proxies = new ArrayList<>();
    List<Peer> peers = new ArrayList<>();
    ImportedNode file = null;
    for (int i = 0; i < 3; i++) {
      Peer p = peer();
      file = p.file(data);
      peers.add(p);
      proxies.add(proxy(p));
    }
    FaultProxy dying = proxies.get(1);
    Peer victim = peers.get(1);
    dying.after(512 << 10, () -> {
      dying.kill();
      try {
        victim.close();
      } catch (IOException ignored) {
        // it is dying anyway
      }
    });
    Transfer t = transfer(proxies.stream().map(FaultProxy::url).toArray(String[]::new));
    Cid root = file.cid();
    assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(root));
    assertComplete(root, peers.get(0).store);
    assertFileEquals(file, data);
    assertTrue(dying.bytes() >= 512 << 10, "the victim died before serving anything");
  }

  @Test
  void slowPeerDoesNotHoldTheFetchBack() throws Exception {
    byte[] data = Peer.random(8 << 20, 6);
    List<FaultProxy> proxies = new ArrayList<>();
    ImportedNode file = null;
    Peer source = null;
    for (int i = 0; i < 3; i++) {
      source = peer();
      file = source.file(data);
      proxies.add(proxy(source));
    }
    // 2 KiB/s: one 256 KiB block from it alone would take over two minutes, beyond LIMIT.
    FaultProxy slow = proxies.get(2).throttled(2 << 10);
    Transfer t = transfer(proxies.stream().map(FaultProxy::url).toArray(String[]::new));
    Cid root = file.cid();
    assertTimeoutPreemptively(LIMIT, () -> t.fetchDag(root));
    assertComplete(root, source.store);
    assertFileEquals(file, data);
    Provider s = provider(t, slow.url());
    assertTrue(slow.requests() > 0, "the slow peer was never asked");
    assertTrue(s.demotions() > 0, "the slow peer was not demoted");
  }

  @Test
  void interruptedFetchResumesWithoutFetchingAnyBlockTwice() throws Exception {
    Peer a = peer();
    byte[] data = Peer.random(8 << 20, 8);
    ImportedNode file = a.file(data);
    FaultProxy dies = proxy(a).budget(3 << 20);
    Transfer first = transfer(dies.url());
    FetchFailedException e = assertTimeoutPreemptively(LIMIT,
        () -> assertThrows(FetchFailedException.class, () -> first.fetchDag(file.cid())));
    assertFalse(DagWalk.walk(local, file.cid(), new HashSet<>()).complete());
    List<Cid> heldBefore = new ArrayList<>();
    long before = DagWalk.walk(local, file.cid(), new HashSet<>(), (cid, b) -> heldBefore.add(cid)).blocks();
    assertTrue(before > 1, "nothing was kept from the first fetch: " + e.getMessage());

    FaultProxy counter = proxy(a);
    Transfer second = transfer(counter.url());
    List<Cid> stored = new ArrayList<>();
    FetchResult r = assertTimeoutPreemptively(LIMIT,
        () -> second.fetchDag(file.cid(), List.of(), (cid, size, from) -> stored.add(cid)));
    assertComplete(file.cid(), a.store);
    assertFileEquals(file, data);
    assertEquals(0, r.duplicates(), "blocks received again");
    assertEquals(DagWalk.walk(a.store, file.cid(), new HashSet<>()).blocks(), before + r.blocks());
    for (String path : counter.paths) {
      Cid asked = Cid.parse(path.substring("/ipfs/".length(), path.indexOf('?')));
      assertFalse(heldBefore.contains(asked), "asked again for " + asked + ", held since the first fetch");
    }
    assertEquals(r.blocks(), stored.size());
  }

  @Test
  void singleBlockAndFetchingBlockSource() throws Exception {
    Peer a = peer();
    byte[] data = Peer.random(3 << 20, 9);
    ImportedNode file = a.file(data);
    Transfer t = transfer(proxy(a).url());
    assertArrayEquals(a.store.get(file.cid()), t.fetchBlock(file.cid()));
    assertTrue(local.has(file.cid()));
    UnixfsExporter ex = new UnixfsExporter(t.blockSource(local));
    try (InputStream in = ex.open(file.cid())) {
      assertArrayEquals(data, in.readAllBytes());
    }
    assertComplete(file.cid(), a.store);
  }

  @Test
  void noProviderIsAClearError() throws Exception {
    Peer a = peer();
    ImportedNode file = a.file(Peer.random(1000, 10));
    Transfer t = transfer();
    var e = assertThrows(io.cairn.transfer.NoProvidersException.class, () -> t.fetchDag(file.cid()));
    assertTrue(e.getMessage().contains("Peering.Peers"));
  }
}
