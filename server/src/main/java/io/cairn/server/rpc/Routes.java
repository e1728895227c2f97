package io.cairn.server.rpc;

import io.cairn.server.node.Blocks;
import java.util.HashMap;
import java.util.Map;

/** Every API command by its path under {@code /api/v0/}, with the request body it may send. */
final class Routes {
  /** A command and its body cap ({@link BodyLimit}). */
  record Route(RpcCommand command, long maxBody) {}

  private Routes() {}

  static Map<String, Route> all() {
    Map<String, Route> m = new HashMap<>();
    m.put("add", new Route(new AddCommand(), BodyLimit.UNLIMITED));
    m.put("cat", new Route(new CatCommand(), BodyLimit.NO_BODY));
    m.put("get", new Route(new GetCommand(), BodyLimit.NO_BODY));
    m.put("get/write", new Route(new GetWriteCommand(), BodyLimit.NO_BODY));
    m.put("ls", new Route(new LsCommand(), BodyLimit.NO_BODY));
    m.put("block/get", new Route(BlockCommands::get, BodyLimit.NO_BODY));
    m.put("block/put", new Route(BlockCommands::put, Blocks.MAX_BLOCK + BodyLimit.FRAMING));
    m.put("block/stat", new Route(BlockCommands::stat, BodyLimit.NO_BODY));
    m.put("block/rm", new Route(BlockCommands::rm, BodyLimit.NO_BODY));
    m.put("dag/export", new Route(DagCommands::export, BodyLimit.NO_BODY));
    m.put("dag/import", new Route(DagCommands::importCars, BodyLimit.UNLIMITED));
    m.put("dag/get", new Route(DagCommands::get, BodyLimit.NO_BODY));
    m.put("dag/stat", new Route(DagCommands::stat, BodyLimit.NO_BODY));
    m.put("pin/add", new Route(PinCommands::add, BodyLimit.NO_BODY));
    m.put("pin/ls", new Route(PinCommands::ls, BodyLimit.NO_BODY));
    m.put("pin/rm", new Route(PinCommands::rm, BodyLimit.NO_BODY));
    m.put("id", new Route(InfoCommands::id, BodyLimit.NO_BODY));
    m.put("version", new Route(InfoCommands::version, BodyLimit.NO_BODY));
    m.put("repo/stat", new Route(RepoCommands::stat, BodyLimit.NO_BODY));
    m.put("repo/gc", new Route(RepoCommands::gc, BodyLimit.NO_BODY));
    m.put("repo/verify", new Route(RepoCommands::verify, BodyLimit.NO_BODY));
    m.put("config", new Route(ConfigCommands::get, BodyLimit.NO_BODY));
    m.put("config/show", new Route(ConfigCommands::show, BodyLimit.NO_BODY));
    m.put("config/replace", new Route(ConfigCommands::refuse, BodyLimit.NO_BODY));
    m.put("config/profile/apply", new Route(ConfigCommands::refuse, BodyLimit.NO_BODY));
    m.put("routing/findprovs", new Route(NetworkCommands::findProviders, BodyLimit.NO_BODY));
    m.put("sync", new Route(SyncCommands::sync, BodyLimit.NO_BODY));
    m.put("sync/ls", new Route(SyncCommands::ls, BodyLimit.NO_BODY));
    m.put("swarm/peers", new Route(NetworkCommands::peers, BodyLimit.NO_BODY));
    m.put("key/gen", new Route(NameCommands::keyGen, BodyLimit.NO_BODY));
    m.put("key/list", new Route(NameCommands::keyList, BodyLimit.NO_BODY));
    m.put("name/publish", new Route(NameCommands::publish, BodyLimit.NO_BODY));
    m.put("name/resolve", new Route(NameCommands::resolve, BodyLimit.NO_BODY));
    m.put("stats/transfer", new Route(StatsCommands::transfer, BodyLimit.NO_BODY));
    return Map.copyOf(m);
  }
}
