package io.cairn.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The repository's JSON config, in Kubo's shape (Identity, Datastore, Addresses, API,
 * Gateway, Import, Peering, Routing, Migration). Keys are dotted paths, as with
 * {@code ipfs config Addresses.API}. Saved atomically (write a temporary file, fsync, rename).
 */
public final class Config {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root;

  private Config(ObjectNode root) {
    this.root = root;
  }

  /** A new config with Cairn's defaults and the given identity. */
  public static Config defaults(Identity id) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    ObjectNode identity = r.putObject("Identity");
    identity.put("PeerID", id.peerId());
    identity.put("PrivKey", id.privKey());
    ObjectNode ds = r.putObject("Datastore");
    ds.put("Type", "rocksdb");
    ds.put("Path", "datastore");
    ds.put("StorageMax", "10GB");
    ds.put("HashOnRead", false);
    ObjectNode addr = r.putObject("Addresses");
    addr.put("API", "/ip4/127.0.0.1/tcp/5001");
    addr.put("Gateway", "/ip4/127.0.0.1/tcp/8080");
    addr.putArray("Swarm");
    ObjectNode api = r.putObject("API");
    api.putObject("HTTPHeaders");
    api.putObject("Authorizations");
    ObjectNode gw = r.putObject("Gateway");
    gw.put("NoFetch", false);
    gw.putObject("PublicGateways");
    ObjectNode imp = r.putObject("Import");
    imp.putNull("CidVersion");
    imp.putNull("UnixFSRawLeaves");
    imp.putNull("UnixFSChunker");
    imp.putNull("UnixFSFileMaxLinks");
    imp.putNull("UnixFSHAMTDirectorySizeThreshold");
    imp.putNull("UnixFSHAMTDirectorySizeEstimation");
    r.putObject("Peering").putArray("Peers");
    r.putObject("Routing").putArray("DelegatedRouters");
    ObjectNode mig = r.putObject("Migration");
    mig.putArray("DownloadSources");
    mig.put("Keep", "");
    return new Config(r);
  }

  static Config load(Path file) throws IOException {
    JsonNode n;
    try {
      n = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new RepoException("the config " + file + " is not valid JSON (" + e.getOriginalMessage()
          + "); fix it by hand or restore it");
    }
    if (!(n instanceof ObjectNode o)) {
      throw new RepoException("the config " + file + " is not a JSON object; fix it by hand or restore it");
    }
    return new Config(o);
  }

  void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(MAPPER.writeValueAsBytes(root)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The value at a dotted key. */
  public Optional<JsonNode> get(String key) {
    JsonNode n = root;
    for (String part : key.split("\\.")) {
      n = n.get(part);
      if (n == null) {
        return Optional.empty();
      }
    }
    return Optional.of(n);
  }

  /** Sets a dotted key (parents must exist or are created as objects). */
  public void set(String key, JsonNode value) {
    String[] parts = key.split("\\.");
    ObjectNode n = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = n.get(parts[i]);
      if (child == null || child.isNull()) {
        child = n.putObject(parts[i]);
      } else if (!(child instanceof ObjectNode)) {
        throw new IllegalArgumentException("'" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
            + "' is not an object, so it has no key '" + parts[i + 1] + "'");
      }
      n = (ObjectNode) child;
    }
    n.set(parts[parts.length - 1], value);
  }

  /**
   * Kubo's {@code Datastore.HashOnRead} (false when absent): whether the daemon's gateway hashes
   * every block it reads to check it against its CID. The CLI's commands and {@code repo
   * verify} always do.
   */
  public boolean hashOnRead() {
    return get("Datastore.HashOnRead").map(JsonNode::asBoolean).orElse(false);
  }

  public String peerId() {
    return get("Identity.PeerID").map(JsonNode::asText).orElse("");
  }

  public JsonNode root() {
    return root.deepCopy();
  }

  public static JsonNode parseJson(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static String toJson(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
