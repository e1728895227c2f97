package io.cairn.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Cid;
import io.cairn.codec.ipns.Ed25519PrivateKey;
import io.cairn.codec.ipns.IpnsName;
import io.cairn.codec.ipns.IpnsRecord;
import io.cairn.codec.ipns.IpnsRecordException;
import io.cairn.store.Config;
import io.cairn.store.Identity;
import io.cairn.store.Keystore;
import io.cairn.store.NameStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesTest {
  private static final String CID_A = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  private static final String CID_B = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

  @TempDir
  Path repo;

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  private Names names() throws Exception {
    Config config = Config.defaults(Identity.generate());
    return new Names(Keystore.of(repo, config), NameStore.of(repo), clock);
  }

  @Test
  void theSyncHookMakesTheKeyOnFirstUseAndRaisesTheSequence() throws Exception {
    Names n = names();
    Names.Published first = n.publish("mirror", Cid.parse(CID_A));
    Names.Published second = n.publish("mirror", Cid.parse(CID_B));
    assertEquals(first.name(), second.name());
    assertEquals(0, first.sequence());
    assertEquals(1, second.sequence());
    assertEquals(now.get().plus(Names.DEFAULT_LIFETIME), second.validity());
    assertEquals("/ipfs/" + CID_B, n.resolve(second.name(), "").path());
    assertEquals(Names.DEFAULT_TTL, n.resolve(second.name(), "").ttl());
    assertEquals(2, n.keys().size());
  }

  @Test
  void recordsSurviveANewInstanceAndExpire() throws Exception {
    Config config = Config.defaults(Identity.generate());
    Names n = new Names(Keystore.of(repo, config), NameStore.of(repo), clock);
    n.generateKey("site");
    IpnsName name = n.publish("site", "/ipfs/" + CID_A + "/docs", Duration.ofHours(2), Duration.ofMinutes(1)).name();
    Names reopened = new Names(Keystore.of(repo, config), NameStore.of(repo), clock);
    assertEquals("/ipfs/" + CID_A + "/docs/a.txt", reopened.resolve(name, "a.txt").path());
    assertEquals(1, reopened.publish("site", CID_B, Duration.ofHours(2), Duration.ZERO).sequence());
    now.set(now.get().plus(Duration.ofHours(3)));
    IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> reopened.resolve(name, ""));
    assertEquals(IpnsRecordException.Problem.EXPIRED, e.problem());
  }

  @Test
  void resolveFollowsIpnsValues() throws Exception {
    Names n = names();
    IpnsName inner = n.publish("inner", Cid.parse(CID_A)).name();
    n.generateKey("outer");
    IpnsName outer = n.publish("outer", "/ipns/" + inner + "/sub", Duration.ofHours(1), Duration.ofMinutes(5)).name();
    Names.Resolved r = n.resolve(outer, "x/y");
    assertEquals("/ipfs/" + CID_A + "/sub/x/y", r.path());
    assertEquals(Duration.ofMinutes(5), r.ttl(), "the smallest TTL on the way");
  }

  @Test
  void refusesUnknownKeysNamesAndPaths() throws Exception {
    Names n = names();
    NodeException noKey = assertThrows(NodeException.class,
        () -> n.publish("nope", "/ipfs/" + CID_A, Duration.ofHours(1), Duration.ZERO));
    assertTrue(noKey.getMessage().contains("cairn key gen nope"), noKey.getMessage());
    assertThrows(NodeException.class, () -> n.publish("self", "not a path", Duration.ofHours(1), Duration.ZERO));
    IpnsName stranger = IpnsName.of(Ed25519PrivateKey.generate().publicKey());
    NodeException none = assertThrows(NodeException.class, () -> n.resolve(stranger, ""));
    assertTrue(none.getMessage().contains("no IPNS record"), none.getMessage());
    assertThrows(NodeException.class, () -> n.generateKey("self"));
  }

  @Test
  void putKeepsOnlyNewerValidRecords() throws Exception {
    Names n = names();
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    IpnsName name = IpnsName.of(key.publicKey());
    Instant eol = now.get().plus(Duration.ofHours(1));
    assertTrue(n.put(name, IpnsRecord.create(key, "/ipfs/" + CID_A, 5, eol, Duration.ZERO).encode()));
    assertFalse(n.put(name, IpnsRecord.create(key, "/ipfs/" + CID_B, 4, eol, Duration.ZERO).encode()));
    assertEquals("/ipfs/" + CID_A, n.resolve(name, "").path());
    assertTrue(n.put(name, IpnsRecord.create(key, "/ipfs/" + CID_B, 5, eol.plusSeconds(1), Duration.ZERO).encode()));
    assertEquals("/ipfs/" + CID_B, n.resolve(name, "").path());
    IpnsName other = IpnsName.of(Ed25519PrivateKey.generate().publicKey());
    assertThrows(IpnsRecordException.class,
        () -> n.put(other, IpnsRecord.create(key, "/ipfs/" + CID_A, 9, eol, Duration.ZERO).encode()));
    IpnsRecordException expired = assertThrows(IpnsRecordException.class,
        () -> n.put(name, IpnsRecord.create(key, "/ipfs/" + CID_A, 9, now.get().minusSeconds(1), Duration.ZERO).encode()));
    assertEquals(IpnsRecordException.Problem.EXPIRED, expired.problem());
  }

  @Test
  void goDurations() throws Exception {
    assertEquals(Duration.ofHours(48), GoDuration.parse("48h"));
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
    assertEquals("48h0m0s", GoDuration.format(Duration.ofHours(48)));
    assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
    assertThrows(NodeException.class, () -> GoDuration.parse("2 days"));
    assertThrows(NodeException.class, () -> GoDuration.parse("h"));
  }

  @Test
  void ownRecordsAreRenewedBeforeTheyExpire() throws Exception {
    Names n = names();
    IpnsName mine = n.publish("mirror", Cid.parse(CID_A)).name();
    n.generateKey("quiet"); // a key with no record: nothing to renew
    Ed25519PrivateKey foreign = Ed25519PrivateKey.generate();
    IpnsName theirs = IpnsName.of(foreign.publicKey());
    n.put(theirs, IpnsRecord.create(foreign, "/ipfs/" + CID_B, 1, now.get().plus(Duration.ofHours(2)), Duration.ZERO)
        .encode());
    assertEquals(java.util.List.of(), n.renewExpiring(Duration.ofHours(24)), "48 h left: nothing due");
    now.set(now.get().plus(Duration.ofHours(30)));
    assertEquals(java.util.List.of(mine), n.renewExpiring(Duration.ofHours(24)));
    IpnsRecord renewed = n.record(mine).orElseThrow();
    assertEquals(1, renewed.sequence());
    assertEquals("/ipfs/" + CID_A, renewed.value());
    assertEquals(now.get().plus(Names.DEFAULT_LIFETIME), renewed.validity());
    assertEquals(Names.DEFAULT_TTL, renewed.ttl());
    now.set(now.get().plus(Duration.ofHours(60))); // even an expired own record comes back
    assertEquals(java.util.List.of(mine), n.renewExpiring(Duration.ofHours(24)));
    assertEquals(2, n.record(mine).orElseThrow().sequence());
  }
}
