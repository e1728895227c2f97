package io.cairn.server.rpc;

import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multibase;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.server.NodeContext;
import io.cairn.server.node.CairnVersion;
import io.cairn.store.Repo;
import java.util.Base64;
import java.util.List;

/**
 * {@code id} and {@code version}. Cairn runs no libp2p host, so {@code id} lists no swarm
 * addresses and no libp2p protocols; its PublicKey is the libp2p protobuf public key (base64),
 * read from the peer ID (an identity multihash of that key). {@code version} leaves out Kubo's
 * {@code Golang} and adds {@code Java}, the runtime's version.
 */
final class InfoCommands {
  /** The libp2p identify protocol family Kubo reports; kept so clients find the field. */
  static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  private InfoCommands() {}

  static void id(RpcCall call) throws Exception {
    NodeContext node = call.node();
    String self = node.peerId();
    List<String> args = call.params().args();
    if (!args.isEmpty() && !args.get(0).equals(self)) {
      throw RpcException.failed("cannot look up peer " + args.get(0) + ": Cairn has no libp2p network; only its own ID ("
          + self + ") is known");
    }
    call.params().string("format", "f");
    call.out().single(Json.obj(
        "ID", self,
        "PublicKey", publicKey(self),
        "Addresses", List.of(),
        "AgentVersion", CairnVersion.agent(),
        "ProtocolVersion", PROTOCOL_VERSION,
        "Protocols", List.of()));
  }

  /** The base64 protobuf public key inside an Ed25519 peer ID ({@code 12D3KooW…}). */
  static String publicKey(String peerId) throws RpcException {
    try {
      Multihash mh = Multihash.decode(Multibase.BASE58BTC.decodeBare(peerId, 0));
      if (!mh.code().equals(Multicodec.IDENTITY)) {
        throw RpcException.failed("peer ID " + peerId + " does not embed its public key");
      }
      return Base64.getEncoder().encodeToString(mh.digest());
    } catch (MalformedDataException e) {
      throw RpcException.failed("the config's Identity.PeerID '" + peerId + "' is not a peer ID: " + e.getMessage());
    }
  }

  static void version(RpcCall call) throws Exception {
    call.params().bool("number", "n");
    call.params().bool("commit");
    call.params().bool("repo");
    call.params().bool("all");
    call.out().single(Json.obj(
        "Version", CairnVersion.VERSION,
        "Commit", "",
        "Repo", Integer.toString(Repo.VERSION),
        "System", CairnVersion.system(),
        "Java", Runtime.version().toString()));
  }
}
