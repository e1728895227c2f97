package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import java.util.List;

/**
 * {@code swarm/peers} and {@code routing/findprovs}. Cairn has no libp2p swarm: it has no peers,
 * and the only provider it knows is itself. findprovs answers Kubo's routing event for a
 * provider (Type 4) naming this node when the block is in the local store — with the gateway's
 * address as an HTTP multiaddr, where the block can be fetched — and nothing otherwise.
 */
final class NetworkCommands {
  /** Kubo's routing.QueryEventType for "found a provider". */
  static final int PROVIDER_EVENT = 4;

  private NetworkCommands() {}

  static void peers(RpcCall call) throws Exception {
    call.out().single(Json.obj("Peers", List.of()));
  }

  static void findProviders(RpcCall call) throws Exception {
    Params p = call.params();
    String key = p.arg("key");
    int n = p.int32("num-providers", "n").orElse(20);
    p.bool("verbose", "v");
    if (n < 1) {
      throw RpcException.failed("number of providers must be greater than 0");
    }
    Cid cid;
    try {
      cid = Cid.parse(key);
    } catch (MalformedDataException e) {
      throw RpcException.failed("'" + key + "' is not a CID: " + e.getMessage());
    }
    NodeContext node = call.node();
    if (!node.store().has(cid)) {
      return;
    }
    Multiaddr gw = node.gatewayAddress();
    List<String> addrs = gw == null ? List.of() : List.of(gw + "/http");
    call.out().emit(Json.obj("ID", "", "Type", PROVIDER_EVENT,
        "Responses", List.of(Json.obj("Addrs", addrs, "ID", node.peerId())), "Extra", ""));
  }
}
