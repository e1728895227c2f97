package io.cairn.codec.ipns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.ProtoWriter;
import io.cairn.codec.ipns.IpnsRecordException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpnsRecordTest {
  private static final Instant BEFORE_ALL = Instant.parse("2029-01-01T00:00:00Z");
  private static final String VALUE = "/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

  @Test
  void recordsMadeByJsValidate() throws Exception {
    List<JsIpnsVectors> vectors = JsIpnsVectors.load();
    assertEquals(3, vectors.size());
    for (JsIpnsVectors v : vectors) {
      IpnsRecord r = IpnsRecord.validate(IpnsName.parse(v.name()), v.record(), BEFORE_ALL);
      assertEquals(v.value(), r.value());
      assertEquals(v.sequence(), r.sequence());
      assertEquals(Duration.ofNanos(v.ttlNs()), r.ttl());
      assertEquals(Instant.parse(v.validity()), r.validity());
      assertArrayEquals(v.record(), r.encode());
    }
  }

  @Test
  void cairnSignsTheSameBytesAsJs() throws Exception {
    for (JsIpnsVectors v : JsIpnsVectors.load()) {
      Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(v.seedBytes());
      assertEquals(v.name(), IpnsName.of(key.publicKey()).toString());
      if (v.v1Compatible()) { // Cairn writes V1+V2 records, as Kubo does
        IpnsRecord mine = IpnsRecord.create(key, v.value(), v.sequence(), Instant.parse(v.validity()),
            Duration.ofNanos(v.ttlNs()));
        assertArrayEquals(v.record(), mine.encode(), "record for " + v.name());
      }
    }
  }

  @Test
  void roundTripsThroughDecode() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    Instant eol = Instant.parse("2030-05-06T07:08:09Z");
    IpnsRecord r = IpnsRecord.create(key, VALUE + "/a/b", 42, eol, Duration.ofMinutes(5));
    IpnsRecord back = IpnsRecord.validate(IpnsName.of(key.publicKey()), r.encode(), BEFORE_ALL);
    assertEquals(VALUE + "/a/b", back.value());
    assertEquals(42, back.sequence());
    assertEquals(eol, back.validity());
    assertEquals(Duration.ofMinutes(5), back.ttl());
  }

  @Test
  void refusesAnExpiredRecord() throws Exception {
    JsIpnsVectors v = JsIpnsVectors.load().get(0);
    Instant after = Instant.parse(v.validity()).plusNanos(1);
    IpnsRecordException e = assertThrows(IpnsRecordException.class,
        () -> IpnsRecord.validate(IpnsName.parse(v.name()), v.record(), after));
    assertEquals(Problem.EXPIRED, e.problem());
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void refusesATamperedSignature() throws Exception {
    JsIpnsVectors v = JsIpnsVectors.load().get(0);
    IpnsRecord r = IpnsRecord.decode(v.record());
    byte[] bad = v.record();
    // the last byte of signatureV2 sits just before field 9 (data): flip a bit inside it
    int data = indexOf(bad, new byte[] {0x4a}, bad.length - 200);
    bad[data - 1] ^= 1;
    IpnsRecordException e = assertThrows(IpnsRecordException.class,
        () -> IpnsRecord.validate(IpnsName.parse(v.name()), bad, BEFORE_ALL));
    assertEquals(Problem.BAD_SIGNATURE, e.problem());
    assertEquals(v.value(), r.value());
  }

  @Test
  void refusesARecordUnderAnotherKeysName() throws Exception {
    JsIpnsVectors v = JsIpnsVectors.load().get(0);
    IpnsName other = IpnsName.of(Ed25519PrivateKey.generate().publicKey());
    IpnsRecordException e = assertThrows(IpnsRecordException.class,
        () -> IpnsRecord.validate(other, v.record(), BEFORE_ALL));
    assertEquals(Problem.BAD_SIGNATURE, e.problem());
  }

  @Test
  void refusesAnEmbeddedKeyThatIsNotTheNames() throws Exception {
    JsIpnsVectors v = JsIpnsVectors.load().get(0);
    byte[] stranger = Ed25519PrivateKey.generate().publicKey().encode();
    byte[] withKey = concat(v.record(), new ProtoWriter().bytesField(7, stranger).toByteArray());
    IpnsRecordException e = assertThrows(IpnsRecordException.class,
        () -> IpnsRecord.validate(IpnsName.parse(v.name()), withKey, BEFORE_ALL));
    assertEquals(Problem.WRONG_KEY, e.problem());
  }

  @Test
  void refusesV1FieldsThatDifferFromTheSignedData() throws Exception {
    JsIpnsVectors v = JsIpnsVectors.load().get(0);
    byte[] bad = v.record();
    int first = indexOf(bad, v.value().getBytes(StandardCharsets.UTF_8), 0); // field 1 comes first
    bad[first + v.value().length() - 1] ^= 1;
    IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.decode(bad));
    assertEquals(Problem.DATA_MISMATCH, e.problem());
    assertTrue(e.getMessage().contains("value"), e.getMessage());
  }

  @Test
  void refusesV1OnlyRecords() {
    byte[] v1 = new ProtoWriter().bytesField(1, VALUE.getBytes(StandardCharsets.UTF_8)).bytesField(2, new byte[64])
        .varintField(3, 0).bytesField(4, "2030-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8)).varintField(5, 1)
        .toByteArray();
    IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.decode(v1));
    assertEquals(Problem.NOT_V2, e.problem());
  }

  @Test
  void refusesRecordsOverTenKiB() {
    IpnsRecordException e = assertThrows(IpnsRecordException.class,
        () -> IpnsRecord.decode(new byte[IpnsRecord.MAX_SIZE + 1]));
    assertEquals(Problem.TOO_LARGE, e.problem());
  }

  @Test
  void everyTruncationIsRefusedWithATypedError() throws Exception {
    byte[] whole = JsIpnsVectors.load().get(1).record();
    for (int n = 0; n < whole.length; n++) {
      byte[] cut = Arrays.copyOf(whole, n);
      IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.decode(cut), "length " + n);
      assertTrue(e.problem() == Problem.MALFORMED || e.problem() == Problem.NOT_V2, e.problem() + " at " + n);
    }
  }

  @Test
  void refusesAValueThatIsNotAPath() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    assertThrows(IllegalArgumentException.class,
        () -> IpnsRecord.create(key, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", 0,
            BEFORE_ALL, Duration.ZERO));
  }

  @Test
  void writesValidityAsGoDoes() {
    assertEquals("2030-01-02T03:04:05Z", Rfc3339.format(Instant.parse("2030-01-02T03:04:05Z")));
    assertEquals("2030-01-02T03:04:05.5Z", Rfc3339.format(Instant.parse("2030-01-02T03:04:05.500Z")));
    assertEquals(Instant.parse("2030-01-02T01:04:05.5Z"), Rfc3339.parse("2030-01-02T03:04:05.500000000+02:00"));
    assertEquals(null, Rfc3339.parse("2030-01-02 03:04:05Z"));
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
