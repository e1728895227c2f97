package io.cairn.codec.ipns;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multibase;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPNS name: the multihash of a public key (a peer ID), written as a CIDv1 with the
 * {@code libp2p-key} codec (0x72) in base36, {@code k51…} for Ed25519 keys. The text forms
 * {@link #parse} reads: that CID in any multibase Cairn knows (base36, base32, …) and the
 * legacy base58btc peer ID ({@code 12D3KooW…}, {@code Qm…}). {@link #toString()} gives base36
 * and round-trips.
 *
 * <p>Ed25519 keys are short enough to be inlined (identity multihash), so the name alone
 * carries its public key ({@link #publicKey()}); an RSA name (sha2-256) does not.
 */
public final class IpnsName {
  private static final byte[] ROUTING_PREFIX = "/ipns/".getBytes(StandardCharsets.US_ASCII);

  private final Multihash multihash;

  private IpnsName(Multihash multihash) {
    this.multihash = multihash;
  }

  /** The name of an Ed25519 key. */
  public static IpnsName of(Ed25519PublicKey key) {
    return new IpnsName(key.peerId());
  }

  /** The name for a peer ID multihash (identity or sha2-256). */
  public static IpnsName of(Multihash peerId) throws MalformedDataException {
    Multicodec code = peerId.code();
    if (!code.equals(Multicodec.IDENTITY) && !code.equals(Multicodec.SHA2_256)) {
      throw new MalformedDataException("IPNS name", 0,
          "the multihash of a key is identity or sha2-256, not " + code.name());
    }
    return new IpnsName(peerId);
  }

  /** Parses {@code k51…} (or the same CID in another multibase) or a base58btc peer ID. */
  public static IpnsName parse(String text) throws MalformedDataException {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("1") || text.startsWith("Qm")) {
      return of(Multihash.decode(Multibase.BASE58BTC.decodeBare(text, 0)));
    }
    Cid cid = Cid.parse(text);
    if (!cid.codec().equals(Multicodec.LIBP2P_KEY)) {
      throw new MalformedDataException("IPNS name", 0, "'" + text + "' is a " + cid.codec().name()
          + " CID, not a libp2p-key (a content CID goes under /ipfs/, not /ipns/)");
    }
    return of(cid.multihash());
  }

  public Multihash multihash() {
    return multihash;
  }

  /** The name as a CIDv1 (libp2p-key). */
  public Cid cid() {
    return Cid.v1(Multicodec.LIBP2P_KEY, multihash);
  }

  /** The routing key records are stored under: {@code "/ipns/" ‖ multihash bytes}. */
  public byte[] routingKey() {
    byte[] mh = multihash.bytes();
    byte[] out = new byte[ROUTING_PREFIX.length + mh.length];
    System.arraycopy(ROUTING_PREFIX, 0, out, 0, ROUTING_PREFIX.length);
    System.arraycopy(mh, 0, out, ROUTING_PREFIX.length, mh.length);
    return out;
  }

  /** The public key inlined in the name, when it is an identity multihash of an Ed25519 key. */
  public Optional<Ed25519PublicKey> publicKey() {
    if (!multihash.code().equals(Multicodec.IDENTITY)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Ed25519PublicKey.decode(multihash.digest()));
    } catch (MalformedDataException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpnsName n && multihash.equals(n.multihash);
  }

  @Override
  public int hashCode() {
    return multihash.hashCode();
  }

  /** Base36 CIDv1, {@code k51…}. */
  @Override
  public String toString() {
    return cid().toString(Multibase.BASE36);
  }
}
