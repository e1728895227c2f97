package io.cairn.codec.ipns;

import io.cairn.codec.ByteReader;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ProtoReader;
import io.cairn.codec.ProtoWriter;
import io.cairn.codec.ipns.IpnsRecordException.Problem;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed IPNS record (ipfs/specs, IPNS Record): the protobuf {@code IpnsEntry} that binds a
 * name to a content path until an end-of-life time.
 *
 * <pre>
 * IpnsEntry {                      written in this order; V1 fields kept for older readers
 *   1 value        bytes           "/ipfs/bafy…"                     (V1 copy of Data.Value)
 *   2 signatureV1  bytes           sign(value ‖ validity ‖ "EOL")    (legacy, not checked)
 *   3 validityType enum            0 = EOL                           (V1 copy)
 *   4 validity     bytes           RFC 3339 time, e.g. "2026-11-23T15:00:00.5Z"  (V1 copy)
 *   5 sequence     uint64                                            (V1 copy)
 *   6 ttl          uint64          nanoseconds                       (V1 copy)
 *   7 pubKey       bytes           only for keys the name cannot inline (not Ed25519)
 *   8 signatureV2  bytes           sign("ipns-signature:" ‖ data)     required, checked
 *   9 data         bytes           DAG-CBOR {TTL, Value, Sequence, Validity, ValidityType}
 * }
 * </pre>
 *
 * <p>{@link #decode} checks the structure: at most {@value #MAX_SIZE} bytes, signatureV2 and
 * data present, data the canonical DAG-CBOR map with the five fields typed as the spec says,
 * every V1 field present equal to its copy in data, EOL validity. {@link #verify} checks what
 * needs the name and a clock: the key (inlined in the name, or embedded and hashing to it),
 * signatureV2, and that the EOL has not passed. {@link #validate} does both, as a resolver must
 * before trusting a record. Instances hold the exact bytes they were decoded from or signed as.
 */
public final class IpnsRecord {
  /** Records larger than this are refused (the spec's 10 KiB). */
  public static final int MAX_SIZE = 10 * 1024;

  private static final byte[] V2_PREFIX = "ipns-signature:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EOL = "EOL".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private final String value;
  private final Instant validity;
  private final long sequence;
  private final long ttlNanos;
  private final Ed25519PublicKey embeddedKey;
  private final byte[] signatureV2;
  private final byte[] data;

  private IpnsRecord(byte[] bytes, String value, Instant validity, long sequence, long ttlNanos,
      Ed25519PublicKey embeddedKey, byte[] signatureV2, byte[] data) {
    this.bytes = bytes;
    this.value = value;
    this.validity = validity;
    this.sequence = sequence;
    this.ttlNanos = ttlNanos;
    this.embeddedKey = embeddedKey;
    this.signatureV2 = signatureV2;
    this.data = data;
  }

  /**
   * Signs a V1+V2 record as Kubo does: both signatures, the V1 fields filled, no embedded key
   * (an Ed25519 name carries it).
   *
   * @param value a content path, e.g. {@code /ipfs/bafy…}
   * @param validity the end of life
   * @param ttl how long resolvers may cache the record
   */
  public static IpnsRecord create(Ed25519PrivateKey key, String value, long sequence, Instant validity, Duration ttl) {
    Objects.requireNonNull(key, "key");
    if (!value.startsWith("/") || value.length() < 2) {
      throw new IllegalArgumentException("an IPNS value is a content path such as /ipfs/CID, not '" + value + "'");
    }
    if (sequence < 0 || ttl.isNegative()) {
      throw new IllegalArgumentException("sequence and TTL must not be negative");
    }
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    byte[] validityBytes = Rfc3339.format(validity).getBytes(StandardCharsets.US_ASCII);
    long ttlNanos = ttl.toNanos();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Value", valueBytes);
    fields.put("Validity", validityBytes);
    fields.put("ValidityType", 0L);
    fields.put("Sequence", sequence);
    fields.put("TTL", ttlNanos);
    byte[] data = DagCbor.encode(fields);
    byte[] signatureV2 = key.sign(concat(V2_PREFIX, data));
    byte[] signatureV1 = key.sign(concat(valueBytes, validityBytes, EOL));
    byte[] out = new ProtoWriter(256 + valueBytes.length * 2)
        .bytesField(1, valueBytes)
        .bytesField(2, signatureV1)
        .varintField(3, 0)
        .bytesField(4, validityBytes)
        .varintField(5, sequence)
        .varintField(6, ttlNanos)
        .bytesField(8, signatureV2)
        .bytesField(9, data)
        .toByteArray();
    Instant exact = Rfc3339.parse(new String(validityBytes, StandardCharsets.US_ASCII));
    return new IpnsRecord(out, value, exact, sequence, ttlNanos, null, signatureV2, data);
  }

  /** Decodes and validates a record found under {@code name}, as of {@code now}. */
  public static IpnsRecord validate(IpnsName name, byte[] bytes, Instant now) throws IpnsRecordException {
    IpnsRecord r = decode(bytes);
    r.verify(name, now);
    return r;
  }

  /** Decodes a record and checks its structure (not its signature: see {@link #verify}). */
  public static IpnsRecord decode(byte[] bytes) throws IpnsRecordException {
    if (bytes.length > MAX_SIZE) {
      throw new IpnsRecordException(Problem.TOO_LARGE,
          "the IPNS record has " + bytes.length + " bytes; at most " + MAX_SIZE + " are allowed");
    }
    byte[] copy = bytes.clone();
    try {
      return parse(copy);
    } catch (MalformedDataException e) {
      throw new IpnsRecordException(Problem.MALFORMED, "malformed IPNS record: " + e.getMessage(), e);
    }
  }

  private static IpnsRecord parse(byte[] bytes) throws MalformedDataException, IpnsRecordException {
    byte[][] f = new byte[10][];
    Long validityType = null;
    Long sequence = null;
    Long ttl = null;
    ProtoReader r = new ProtoReader(ByteReader.of(bytes), "IpnsEntry");
    boolean[] seen = new boolean[10];
    while (r.hasNext()) {
      int field = r.next();
      if (field < seen.length) {
        if (seen[field]) {
          throw r.error(FIELD_NAMES[field], "appears twice");
        }
        seen[field] = true;
      }
      switch (field) {
        case 1, 2, 4, 7, 8, 9 -> f[field] = r.bytes(FIELD_NAMES[field]);
        case 3 -> validityType = r.varint("validityType");
        case 5 -> sequence = r.varint("sequence");
        case 6 -> ttl = r.varint("ttl");
        default -> skip(r, field); // fields added by later versions of the spec
      }
    }
    if (f[8] == null || f[9] == null) {
      throw new IpnsRecordException(Problem.NOT_V2, "the IPNS record has no " + (f[8] == null ? "signatureV2" : "data")
          + "; only V2 records (signed over their DAG-CBOR data) are accepted");
    }
    Data d = Data.parse(f[9]);
    mustMatch("value", f[1], d.value);
    mustMatch("validity", f[4], d.validity);
    if (validityType != null && validityType != d.validityType) {
      throw mismatch("validityType");
    }
    if (sequence != null && sequence != d.sequence) {
      throw mismatch("sequence");
    }
    if (ttl != null && ttl != d.ttl) {
      throw mismatch("ttl");
    }
    if (d.validityType != 0) {
      throw new IpnsRecordException(Problem.UNSUPPORTED,
          "the IPNS record's ValidityType is " + d.validityType + "; only 0 (EOL) is defined");
    }
    String validityText = new String(d.validity, StandardCharsets.UTF_8);
    Instant eol = Rfc3339.parse(validityText);
    if (eol == null) {
      throw new IpnsRecordException(Problem.MALFORMED,
          "the IPNS record's Validity '" + printable(validityText) + "' is not an RFC 3339 time");
    }
    Ed25519PublicKey key = null;
    if (f[7] != null) {
      try {
        key = Ed25519PublicKey.decode(f[7]);
      } catch (MalformedDataException e) {
        throw new IpnsRecordException(Problem.UNSUPPORTED, "the IPNS record's pubKey: " + e.getMessage(), e);
      }
    }
    return new IpnsRecord(bytes, path(d.value), eol, d.sequence, d.ttl, key, f[8], f[9]);
  }

  private static final String[] FIELD_NAMES = {"", "value", "signatureV1", "validityType", "validity", "sequence",
      "ttl", "pubKey", "signatureV2", "data"};

  private static void skip(ProtoReader r, int field) throws MalformedDataException {
    switch (r.wireType()) {
      case ProtoWriter.WIRE_VARINT -> r.varint("field " + field);
      case ProtoWriter.WIRE_BYTES -> r.bytes("field " + field);
      case ProtoWriter.WIRE_FIXED32 -> r.fixed32("field " + field);
      default -> throw r.error("field " + field, "unknown field with unsupported wire type " + r.wireType());
    }
  }

  private static void mustMatch(String name, byte[] v1, byte[] v2) throws IpnsRecordException {
    if (v1 != null && !Arrays.equals(v1, v2)) {
      throw mismatch(name);
    }
  }

  private static IpnsRecordException mismatch(String name) {
    return new IpnsRecordException(Problem.DATA_MISMATCH,
        "the IPNS record's " + name + " field differs from the signed data's copy of it");
  }

  /** The five fields of the signed DAG-CBOR data. */
  private record Data(byte[] value, byte[] validity, long validityType, long sequence, long ttl) {
    static Data parse(byte[] cbor) throws MalformedDataException, IpnsRecordException {
      Object o = DagCbor.decode(cbor);
      if (!(o instanceof Map<?, ?> m)) {
        throw new IpnsRecordException(Problem.MALFORMED, "the IPNS record's data is not a DAG-CBOR map");
      }
      return new Data(bytesField(m, "Value"), bytesField(m, "Validity"), uintField(m, "ValidityType"),
          uintField(m, "Sequence"), uintField(m, "TTL"));
    }

    private static byte[] bytesField(Map<?, ?> m, String key) throws IpnsRecordException {
      Object v = m.get(key);
      if (!(v instanceof byte[] b)) {
        throw new IpnsRecordException(Problem.MALFORMED, "the IPNS record's data." + key
            + (v == null ? " is missing" : " is not a byte string"));
      }
      return b;
    }

    private static long uintField(Map<?, ?> m, String key) throws IpnsRecordException {
      Object v = m.get(key);
      if (v instanceof Long n && n >= 0) {
        return n;
      }
      if (v instanceof BigInteger big && big.signum() > 0) {
        throw new IpnsRecordException(Problem.UNSUPPORTED, "the IPNS record's data." + key + " " + big
            + " is above 2^63-1, which Cairn does not handle");
      }
      throw new IpnsRecordException(Problem.MALFORMED, "the IPNS record's data." + key
          + (v == null ? " is missing" : " is not an unsigned integer"));
    }
  }

  /**
   * The value as a content path. The spec's value is a path ({@code /ipfs/…}, {@code /ipns/…});
   * older writers put a bare CID (binary or text), which becomes {@code /ipfs/CID}.
   */
  private static String path(byte[] value) throws IpnsRecordException {
    String text = utf8(value);
    if (text != null && text.startsWith("/") && text.length() > 1 && text.indexOf('\0') < 0) {
      return text;
    }
    try {
      return "/ipfs/" + Cid.decode(value);
    } catch (MalformedDataException e) {
      // not a binary CID; try text
    }
    if (text != null) {
      try {
        return "/ipfs/" + Cid.parse(text.strip());
      } catch (MalformedDataException | IllegalArgumentException e) {
        // fall through
      }
    }
    throw new IpnsRecordException(Problem.BAD_VALUE, "the IPNS record's value '"
        + printable(text == null ? "(not UTF-8)" : text) + "' is not a content path such as /ipfs/CID");
  }

  private static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * Checks the record against the name it was found under, as of {@code now}: the signing key
   * is the name's (inlined in an Ed25519 name; else the embedded key, which must hash to the
   * name), signatureV2 verifies with it, and the EOL is not before {@code now}.
   */
  public void verify(IpnsName name, Instant now) throws IpnsRecordException {
    Optional<Ed25519PublicKey> inName = name.publicKey();
    Ed25519PublicKey key;
    if (embeddedKey != null) {
      if (!IpnsName.of(embeddedKey).equals(name)) {
        throw new IpnsRecordException(Problem.WRONG_KEY,
            "the IPNS record's pubKey is the key of " + IpnsName.of(embeddedKey) + ", not of " + name);
      }
      key = embeddedKey;
    } else if (inName.isPresent()) {
      key = inName.get();
    } else {
      throw new IpnsRecordException(Problem.UNSUPPORTED, "the name " + name
          + " does not inline an Ed25519 key and the record embeds none; only Ed25519 names are supported");
    }
    if (!key.verify(concat(V2_PREFIX, data), signatureV2)) {
      throw new IpnsRecordException(Problem.BAD_SIGNATURE,
          "the IPNS record's signatureV2 does not verify with the key of " + name);
    }
    if (validity.isBefore(now)) {
      throw new IpnsRecordException(Problem.EXPIRED,
          "the IPNS record for " + name + " expired at " + Rfc3339.format(validity) + "; publish it again");
    }
  }

  /** The content path the name points to, e.g. {@code /ipfs/bafy…}. */
  public String value() {
    return value;
  }

  /** The end of life. */
  public Instant validity() {
    return validity;
  }

  public long sequence() {
    return sequence;
  }

  /** How long a resolver may cache the record. */
  public Duration ttl() {
    return Duration.ofNanos(ttlNanos);
  }

  /** The record's bytes (a copy): what is stored, served and signed over. */
  public byte[] encode() {
    return bytes.clone();
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Override
  public String toString() {
    return "IpnsRecord(" + value + ", seq " + sequence + ", until " + Rfc3339.format(validity) + ")";
  }
}
