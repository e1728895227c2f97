package io.cairn.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Multibase;
import io.cairn.codec.ipns.Ed25519PrivateKey;
import io.cairn.codec.ipns.IpnsName;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
  @TempDir
  Path repo;

  @Test
  void selfIsTheNodeIdentity() throws Exception {
    Config config = Config.defaults(Identity.generate());
    Ed25519PrivateKey self = Keystore.selfKey(config);
    String peerId = Multibase.BASE58BTC.encodeBare(IpnsName.of(self.publicKey()).multihash().bytes());
    assertEquals(config.peerId(), peerId);
    assertEquals(self.publicKey(), Keystore.of(repo, config).get("self").orElseThrow().publicKey());
  }

  @Test
  void keysAreKuboLayoutFilesReadableOnlyByTheOwner() throws Exception {
    Keystore ks = Keystore.of(repo, Config.defaults(Identity.generate()));
    Ed25519PrivateKey k = ks.generate("mirror");
    Path file = repo.resolve("keystore").resolve("key_" + Multibase.BASE32.encodeBare("mirror".getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals(k.encode(), Files.readAllBytes(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve("keystore"))));
    assertEquals(k.publicKey(), ks.get("mirror").orElseThrow().publicKey());
    assertThrows(FileAlreadyExistsException.class, () -> ks.generate("mirror"));
  }

  @Test
  void listsSelfFirstThenByName() throws Exception {
    Keystore ks = Keystore.of(repo, Config.defaults(Identity.generate()));
    ks.generate("zeta");
    ks.generate("alpha");
    ks.generate("ünïcode name");
    Files.writeString(repo.resolve("keystore").resolve("not-a-key"), "x");
    List<String> names = ks.list().stream().map(Keystore.Key::name).toList();
    assertEquals(List.of("self", "alpha", "zeta", "ünïcode name"), names);
  }

  @Test
  void refusesNamesKuboRefuses() throws Exception {
    Keystore ks = Keystore.of(repo, Config.defaults(Identity.generate()));
    for (String bad : new String[] {"", "self", "a/b", ".hidden"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ks.generate(bad), bad);
      assertTrue(e.getMessage().length() > 10, e.getMessage());
    }
    assertTrue(ks.get("../config").isEmpty());
  }

  @Test
  void nameStoreReplacesRecordsAtomically() throws Exception {
    NameStore ns = NameStore.of(repo);
    IpnsName name = IpnsName.of(Ed25519PrivateKey.generate().publicKey());
    assertTrue(ns.get(name).isEmpty());
    ns.put(name, new byte[] {1});
    ns.put(name, new byte[] {2, 3});
    assertArrayEquals(new byte[] {2, 3}, ns.get(name).orElseThrow());
    assertEquals(List.of(name), ns.names());
    try (var files = Files.list(repo.resolve("ipns"))) {
      assertEquals(1, files.count(), "no temporary files left behind");
    }
  }
}
