package io.cairn.codec.ipns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpnsNameTest {
  @Test
  void ed25519NamesAreBase36K51AndRoundTrip() throws Exception {
    Ed25519PublicKey key = Ed25519PrivateKey.generate().publicKey();
    IpnsName name = IpnsName.of(key);
    assertTrue(name.toString().startsWith("k51"), name.toString());
    assertEquals(name, IpnsName.parse(name.toString()));
    assertEquals(key, name.publicKey().orElseThrow());
  }

  @Test
  void peerIdAndOtherMultibasesNameTheSameKey() throws Exception {
    IpnsName name = IpnsName.of(Ed25519PrivateKey.generate().publicKey());
    String peerId = Multibase.BASE58BTC.encodeBare(name.multihash().bytes());
    assertTrue(peerId.startsWith("12D3KooW"), peerId);
    assertEquals(name, IpnsName.parse(peerId));
    assertEquals(name, IpnsName.parse(name.cid().toString(Multibase.BASE32)));
  }

  @Test
  void routingKeyIsIpnsPrefixAndMultihash() {
    IpnsName name = IpnsName.of(Ed25519PrivateKey.generate().publicKey());
    byte[] key = name.routingKey();
    assertArrayEquals("/ipns/".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(key, 6));
    assertArrayEquals(name.multihash().bytes(), Arrays.copyOfRange(key, 6, key.length));
  }

  @Test
  void contentCidsAreNotNames() {
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> IpnsName.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"));
    assertTrue(e.getMessage().contains("/ipfs/"), e.getMessage());
  }

  @Test
  void privateKeysRoundTripAndRefuseAForeignPublicHalf() throws Exception {
    Ed25519PrivateKey k = Ed25519PrivateKey.generate();
    byte[] proto = k.encode();
    assertEquals(k.publicKey(), Ed25519PrivateKey.decode(proto).publicKey());
    byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
    assertTrue(k.publicKey().verify(msg, Ed25519PrivateKey.decode(proto).sign(msg)));
    proto[proto.length - 1] ^= 1;
    assertThrows(MalformedDataException.class, () -> Ed25519PrivateKey.decode(proto));
  }

  @Test
  void publicKeysOfOtherTypesAreRefusedByName() {
    byte[] rsa = {0x08, 0x00, 0x12, 0x01, 0x00};
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Ed25519PublicKey.decode(rsa));
    assertTrue(e.getMessage().contains("RSA"), e.getMessage());
  }
}
