package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ipns.Ed25519PrivateKey;
import io.cairn.codec.ipns.IpnsName;
import io.cairn.codec.ipns.IpnsRecord;
import io.cairn.codec.ipns.IpnsRecordException;
import io.cairn.store.Config;
import io.cairn.store.Keystore;
import io.cairn.store.NameStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IPNS for one node: its keys ({@link Keystore}), the records it holds ({@link NameStore}), and
 * the operations the CLI, the RPC API, the gateway and {@code sync} share — make a key, publish
 * a path under a key (a new signed record with the next sequence number), resolve a name
 * through the record held for it, accept a record put by someone else.
 *
 * <p>Records are decoded and checked once and kept in memory, so the gateway resolves a name
 * without reading a file or checking a signature per request; only the expiry is checked each
 * time. Writes are serialized on this object (one process holds the repository).
 */
public final class Names {
  /** Kubo's default record lifetime ({@code --lifetime}). */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(48);
  /** Kubo's default record TTL ({@code --ttl}): how long resolvers and caches may keep it. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  private static final int MAX_DEPTH = 32;

  /** A key by name with the IPNS name it publishes under. */
  public record KeyInfo(String name, IpnsName id) {}

  /** What a publish signed. */
  public record Published(IpnsName name, String value, long sequence, Instant validity) {}

  /** A name resolved to a content path, with the TTL of the last record on the way. */
  public record Resolved(String path, Duration ttl) {}

  private final Keystore keys;
  private final NameStore records;
  private final Clock clock;
  private final Map<IpnsName, IpnsRecord> decoded = new ConcurrentHashMap<>();

  public Names(Keystore keys, NameStore records, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.records = Objects.requireNonNull(records, "records");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The names of the repository at {@code repoDir} (null: no directory, records in memory). */
  public static Names of(Path repoDir, Config config) throws IOException {
    return new Names(Keystore.of(repoDir, config), NameStore.of(repoDir), Clock.systemUTC());
  }

  public List<KeyInfo> keys() throws IOException {
    List<KeyInfo> out = new ArrayList<>();
    for (Keystore.Key k : keys.list()) {
      out.add(new KeyInfo(k.name(), IpnsName.of(k.key().publicKey())));
    }
    return out;
  }

  /** Makes a new Ed25519 key named {@code name}. */
  public synchronized KeyInfo generateKey(String name) throws IOException {
    try {
      Keystore.checkNewName(name);
      return new KeyInfo(name, IpnsName.of(keys.generate(name).publicKey()));
    } catch (IllegalArgumentException e) {
      throw new NodeException(e.getMessage());
    } catch (FileAlreadyExistsException e) {
      throw new NodeException("a key named '" + name + "' already exists; 'cairn key ls' lists the keys");
    }
  }

  /**
   * Publishes {@code root} under the key {@code keyName}, making the key on first use, with the
   * default lifetime and TTL: what {@code cairn sync --name} calls after pinning a new root.
   */
  public synchronized Published publish(String keyName, Cid root) throws IOException {
    if (keys.get(keyName).isEmpty()) {
      generateKey(keyName);
    }
    return publish(keyName, "/ipfs/" + root, DEFAULT_LIFETIME, DEFAULT_TTL);
  }

  /**
   * Signs and stores a record pointing the name of {@code keyName} at {@code path}, with a
   * sequence number one above the record held for that name (0 for the first).
   *
   * @param path {@code /ipfs/CID[/…]}, {@code /ipns/NAME[/…]} or a bare CID
   */
  public synchronized Published publish(String keyName, String path, Duration lifetime, Duration ttl)
      throws IOException {
    Ed25519PrivateKey key = keys.get(keyName).orElseThrow(() -> new NodeException("no key named '" + keyName
        + "'; make one with 'cairn key gen " + keyName + "' ('cairn key ls' lists the keys)"));
    if (lifetime.isNegative() || lifetime.isZero() || ttl.isNegative()) {
      throw new NodeException("the lifetime must be positive and the TTL not negative");
    }
    String value = contentPath(path);
    IpnsName name = IpnsName.of(key.publicKey());
    long sequence = 0;
    Optional<byte[]> held = records.get(name);
    if (held.isPresent()) {
      try {
        sequence = IpnsRecord.decode(held.get()).sequence() + 1;
      } catch (IpnsRecordException e) {
        sequence = 0; // a damaged record of our own: start over rather than refuse to publish
      }
    }
    Instant eol = clock.instant().plus(lifetime);
    IpnsRecord record = IpnsRecord.create(key, value, sequence, eol, ttl);
    records.put(name, record.encode());
    decoded.put(name, record);
    return new Published(name, value, sequence, record.validity());
  }

  /** A content path for publishing: {@code /ipfs/CID…} or {@code /ipns/NAME…} checked, a bare CID prefixed. */
  static String contentPath(String path) throws NodeException {
    String p = path.strip();
    try {
      if (p.startsWith("/ipns/")) {
        String rest = p.substring(6);
        int slash = rest.indexOf('/');
        IpnsName.parse(slash < 0 ? rest : rest.substring(0, slash));
        return p;
      }
      return "/ipfs/" + IpfsPath.parse(p);
    } catch (MalformedDataException e) {
      throw new NodeException("'" + path + "' is not an /ipns/ name: " + e.getMessage());
    }
  }

  /** Parses a name given by a user: {@code k51…}, a peer ID, {@code /ipns/k51…}, or a key's name. */
  public IpnsName parseName(String text) throws IOException {
    String t = text.startsWith("/ipns/") ? text.substring(6) : text;
    try {
      return IpnsName.parse(t);
    } catch (MalformedDataException e) {
      Optional<Ed25519PrivateKey> key = keys.get(t);
      if (key.isPresent()) {
        return IpnsName.of(key.get().publicKey());
      }
      throw new NodeException("'" + text + "' is not an IPNS name (k51…) nor the name of a key: " + e.getMessage());
    }
  }

  /**
   * The valid record held for {@code name}: empty when there is none; an
   * {@link IpnsRecordException} when the one held has expired.
   */
  public Optional<IpnsRecord> record(IpnsName name) throws IOException {
    IpnsRecord r = decoded.get(name);
    if (r == null) {
      Optional<byte[]> bytes = records.get(name);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      r = IpnsRecord.validate(name, bytes.get(), Instant.MIN);
      decoded.put(name, r);
    }
    r.verify(name, clock.instant());
    return Optional.of(r);
  }

  /**
   * Resolves a name to its content path: follows {@code /ipns/} values (up to 32 names), keeping
   * any path after each name. The TTL is the smallest met on the way.
   */
  public Resolved resolve(IpnsName name, String rest) throws IOException {
    Duration ttl = null;
    IpnsName at = name;
    String tail = rest;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      IpnsName current = at;
      IpnsRecord r = record(at).orElseThrow(() -> new NodeException("no IPNS record for " + current
          + " is held by this node; publish one with 'cairn name publish' (or PUT it to /routing/v1/ipns/)"));
      ttl = ttl == null || r.ttl().compareTo(ttl) < 0 ? r.ttl() : ttl;
      String v = r.value();
      String joined = tail.isEmpty() ? v : v.endsWith("/") ? v + tail : v + "/" + tail;
      if (!joined.startsWith("/ipns/")) {
        return new Resolved(joined, ttl);
      }
      String after = joined.substring(6);
      int slash = after.indexOf('/');
      try {
        at = IpnsName.parse(slash < 0 ? after : after.substring(0, slash));
      } catch (MalformedDataException e) {
        throw new NodeException("the record for " + current + " points at '" + v + "', which is not an IPNS name");
      }
      tail = slash < 0 ? "" : after.substring(slash + 1);
    }
    throw new NodeException("resolving " + name + " went through more than " + MAX_DEPTH + " IPNS names");
  }

  /**
   * Renews this node's own records that expire within {@code margin}: each key whose held record
   * (valid, or expired) has less than that left is published again with the same value and TTL,
   * the next sequence number and a fresh {@link #DEFAULT_LIFETIME}, as Kubo's republisher does,
   * so a name stays resolvable while the daemon runs even when nothing publishes a new version.
   * Records held for other keys' names are left alone (this node cannot sign them).
   *
   * @return the names renewed
   */
  public synchronized List<IpnsName> renewExpiring(Duration margin) throws IOException {
    List<IpnsName> renewed = new ArrayList<>();
    Instant limit = clock.instant().plus(margin);
    for (Keystore.Key k : keys.list()) {
      IpnsName name = IpnsName.of(k.key().publicKey());
      Optional<byte[]> held = records.get(name);
      if (held.isEmpty()) {
        continue;
      }
      IpnsRecord r;
      try {
        r = IpnsRecord.validate(name, held.get(), Instant.MIN);
      } catch (IpnsRecordException e) {
        continue; // damaged: a person must publish again
      }
      if (r.validity().isBefore(limit)) {
        publish(k.name(), r.value(), DEFAULT_LIFETIME, r.ttl());
        renewed.add(name);
      }
    }
    return renewed;
  }

  /**
   * Accepts a record for {@code name} from elsewhere (routing v1 PUT): it must be valid, and is
   * kept only when its sequence is higher than the held one's, or equal with a later EOL.
   *
   * @return whether it replaced what was held
   */
  public synchronized boolean put(IpnsName name, byte[] bytes) throws IOException {
    IpnsRecord incoming = IpnsRecord.validate(name, bytes, clock.instant());
    Optional<byte[]> held = records.get(name);
    if (held.isPresent()) {
      try {
        IpnsRecord current = IpnsRecord.validate(name, held.get(), Instant.MIN);
        boolean newer = incoming.sequence() > current.sequence()
            || incoming.sequence() == current.sequence() && incoming.validity().isAfter(current.validity());
        if (!newer) {
          return false;
        }
      } catch (IpnsRecordException e) {
        // the held one is damaged: replace it
      }
    }
    records.put(name, incoming.encode());
    decoded.put(name, incoming);
    return true;
  }
}
