package io.cairn.codec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A multicodec code with its name, as an "open enum": codes Cairn does not know are kept as
 * {@code unknown-0x…} values rather than rejected, so a CID with a new codec is still a CID.
 * Instances are canonical: {@code ==} compares them.
 */
public final class Multicodec {
  private static final Map<Long, Multicodec> KNOWN = new ConcurrentHashMap<>();

  public static final Multicodec IDENTITY = known(0x00, "identity");
  public static final Multicodec SHA2_256 = known(0x12, "sha2-256");
  public static final Multicodec BLAKE3 = known(0x1e, "blake3");
  public static final Multicodec MURMUR3_X64_64 = known(0x22, "murmur3-x64-64");
  public static final Multicodec RAW = known(0x55, "raw");
  public static final Multicodec DAG_PB = known(0x70, "dag-pb");
  public static final Multicodec DAG_CBOR = known(0x71, "dag-cbor");
  public static final Multicodec LIBP2P_KEY = known(0x72, "libp2p-key");
  public static final Multicodec DAG_JSON = known(0x0129, "dag-json");
  public static final Multicodec CAR = known(0x0202, "car");
  public static final Multicodec IPNS_RECORD = known(0x0300, "ipns-record");
  public static final Multicodec CAR_INDEX_SORTED = known(0x0400, "car-index-sorted");
  public static final Multicodec CAR_MULTIHASH_INDEX_SORTED = known(0x0401, "car-multihash-index-sorted");
  public static final Multicodec TRANSPORT_BITSWAP = known(0x0900, "transport-bitswap");
  public static final Multicodec TRANSPORT_IPFS_GATEWAY_HTTP = known(0x0920, "transport-ipfs-gateway-http");

  private final long code;
  private final String name;

  private Multicodec(long code, String name) {
    this.code = code;
    this.name = name;
  }

  private static Multicodec known(long code, String name) {
    Multicodec c = new Multicodec(code, name);
    KNOWN.put(code, c);
    return c;
  }

  /** The codec for {@code code}; an unknown code gives a value named {@code unknown-0x…}. */
  public static Multicodec of(long code) {
    if (code < 0) {
      throw new IllegalArgumentException("negative multicodec code " + code);
    }
    Multicodec c = KNOWN.get(code);
    return c != null ? c : new Multicodec(code, "unknown-0x" + Long.toHexString(code));
  }

  /** The known codec with this name. */
  public static Multicodec named(String name) {
    for (Multicodec c : KNOWN.values()) {
      if (c.name.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown multicodec name: " + name);
  }

  public long code() {
    return code;
  }

  public String name() {
    return name;
  }

  public boolean isKnown() {
    return KNOWN.get(code) == this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multicodec m && m.code == code;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(code);
  }

  @Override
  public String toString() {
    return name;
  }
}
