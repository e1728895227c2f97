package io.cairn.store;

import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multibase;
import io.cairn.codec.ipns.Ed25519PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The node's named signing keys, laid out as Kubo's keystore: {@code keystore/} (mode 0700) holds
 * one file per key, {@code key_<base32 of the name>} (mode 0600), whose bytes are the libp2p
 * protobuf form of an Ed25519 private key. The key named {@value #SELF} is the node identity
 * from the config ({@code Identity.PrivKey}) and has no file.
 *
 * <p>Files are written to a temporary name, synced and renamed, so a key is there whole or not
 * at all. Callers hold the repository lock, so one process writes at a time.
 */
public final class Keystore {
  /** The name of the node's own key. */
  public static final String SELF = "self";
  private static final String PREFIX = "key_";

  /** A key and its name. */
  public record Key(String name, Ed25519PrivateKey key) {}

  private final Path dir;
  private final Ed25519PrivateKey self;

  /**
   * @param dir the keystore directory (created on the first write), or null for a node with
   *     no directory: then only {@value #SELF} exists
   * @param self the node identity
   */
  public Keystore(Path dir, Ed25519PrivateKey self) {
    this.dir = dir;
    this.self = self;
  }

  /** The keystore of a repository at {@code repoDir} whose identity is in {@code config}. */
  public static Keystore of(Path repoDir, Config config) throws IOException {
    return new Keystore(repoDir == null ? null : repoDir.resolve("keystore"), selfKey(config));
  }

  /** The identity's private key, from the config's {@code Identity.PrivKey}. */
  public static Ed25519PrivateKey selfKey(Config config) throws IOException {
    String b64 = config.get("Identity.PrivKey").map(n -> n.asText()).orElse("");
    try {
      return Ed25519PrivateKey.decode(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw new RepoException("the config's Identity.PrivKey is not base64; the repository's config is damaged");
    } catch (MalformedDataException e) {
      throw new RepoException("the config's Identity.PrivKey is not an Ed25519 key: " + e.getMessage());
    }
  }

  /**
   * Checks a name for a new key: not empty, not {@value #SELF}, no '/', not starting with '.',
   * at most 255 bytes (Kubo's rules, plus a length cap that keeps file names legal).
   */
  public static void checkNewName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a key name must not be empty");
    }
    if (name.equals(SELF)) {
      throw new IllegalArgumentException("'self' is the node's own key and always exists; pick another name");
    }
    if (name.contains("/") || name.startsWith(".") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("key name '" + name + "' may not contain '/' or NUL nor start with '.'");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > 150) {
      throw new IllegalArgumentException("key name '" + name + "' is longer than 150 bytes");
    }
  }

  /** The key with this name, if there is one. */
  public Optional<Ed25519PrivateKey> get(String name) throws IOException {
    if (name.equals(SELF)) {
      return Optional.of(self);
    }
    if (dir == null || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      return Optional.empty();
    }
    Path f = file(name);
    if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Ed25519PrivateKey.decode(Files.readAllBytes(f)));
    } catch (MalformedDataException e) {
      throw new RepoException("the key file " + f + " is damaged: " + e.getMessage());
    }
  }

  /** Makes and stores a new key; refuses a name that is taken. */
  public Ed25519PrivateKey generate(String name) throws IOException {
    checkNewName(name);
    if (dir == null) {
      throw new IllegalStateException("this node has no repository directory to keep keys in");
    }
    Path f = file(name);
    if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(f.toString(), null, "a key named '" + name + "' already exists");
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path tmp = Files.createTempFile(dir, ".tmp-", "",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      AtomicFiles.writeSynced(tmp, key.encode());
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    AtomicFiles.syncDirectory(dir);
    return key;
  }

  /** Every key, {@value #SELF} first, then the others by name. */
  public List<Key> list() throws IOException {
    List<Key> out = new ArrayList<>();
    out.add(new Key(SELF, self));
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    List<Key> named = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path f : files) {
        String name = nameOf(f.getFileName().toString());
        if (name != null) {
          get(name).ifPresent(k -> named.add(new Key(name, k)));
        }
      }
    }
    named.sort(Comparator.comparing(Key::name));
    out.addAll(named);
    return out;
  }

  private Path file(String name) {
    return dir.resolve(PREFIX + Multibase.BASE32.encodeBare(name.getBytes(StandardCharsets.UTF_8)));
  }

  private static String nameOf(String fileName) {
    try {
      byte[] b = Multibase.BASE32.decodeBare(fileName, PREFIX.length());
      return new String(b, StandardCharsets.UTF_8);
    } catch (MalformedDataException e) {
      return null; // not one of ours
    }
  }
}
