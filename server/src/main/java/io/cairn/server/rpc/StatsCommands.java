package io.cairn.server.rpc;

import io.cairn.transfer.Provider;
import io.cairn.transfer.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stats/transfer} (Cairn's own; Kubo's {@code stats/bitswap} counts a protocol Cairn does
 * not speak): what the node has fetched since it started — verified blocks stored and their
 * bytes, response bytes on the wire, blocks that arrived twice, requests — in all and per
 * provider. The CLI polls it to show blocks and providers while {@code get} runs.
 */
final class StatsCommands {
  private StatsCommands() {}

  static void transfer(RpcCall call) throws Exception {
    Optional<Transfer> t = call.node().transfer();
    List<Provider> providers = t.map(Transfer::providers).orElse(List.of());
    long blocks = 0;
    long data = 0;
    long wire = 0;
    long requests = 0;
    List<Map<String, Object>> each = new ArrayList<>();
    for (Provider p : providers) {
      blocks += p.blocks();
      data += p.dataBytes();
      wire += p.wireBytes();
      requests += p.requests();
      each.add(Json.obj("ID", p.id(), "Url", p.baseUrl(), "Blocks", p.blocks(), "Data", p.dataBytes(),
          "Wire", p.wireBytes(), "Requests", p.requests(), "BadBlocks", p.badBlocks(), "Demotions", p.demotions()));
    }
    call.out().single(Json.obj("Online", t.isPresent(), "BlocksReceived", blocks, "DataReceived", data,
        "WireReceived", wire, "DupBlksReceived", t.map(Transfer::duplicates).orElse(0L), "Requests", requests,
        "Providers", each));
  }
}
