package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.node.Names;
import io.cairn.store.Repo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn key gen|ls}: the Ed25519 keys IPNS names are published with ({@code self} is the node's). */
@Command(name = "key", description = "Keys for publishing IPNS names ('self' is the node identity).",
    subcommands = {KeyCommand.Gen.class, KeyCommand.Ls.class})
final class KeyCommand {

  @Command(name = "gen", description = "Make a new Ed25519 key; prints its IPNS name (k51…).")
  static final class Gen implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The key's name (not 'self').")
    String name;

    @Option(names = {"-t", "--type"}, defaultValue = "ed25519", paramLabel = "TYPE",
        description = "Key type: ed25519 (the only one Cairn makes).")
    String type;

    @Override
    public Integer call() throws Exception {
      checkType();
      try (Repo repo = Repos.open("key gen")) {
        System.out.println(Names.of(repo.dir(), repo.config()).generateKey(name).id());
      }
      return 0;
    }

    void remote(RpcClient api) throws IOException {
      checkType();
      System.out.println(api.json("key/gen", new RpcClient.Params().arg(name).add("type", type)).path("Id").asText());
    }

    private void checkType() {
      if (!type.equals("ed25519")) {
        throw new UserException("key type '" + type + "' is not supported; Cairn makes ed25519 keys (the default)");
      }
    }
  }

  @Command(name = "ls", aliases = "list", description = "List the keys: names, or IPNS names and key names with -l.")
  static final class Ls implements Callable<Integer> {
    @Option(names = "-l", description = "Also print each key's IPNS name (k51…).")
    boolean long_;

    @Option(names = "--json", description = "Print Kubo's JSON: {\"Keys\":[{\"Name\",\"Id\"}…]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("key ls")) {
        List<String[]> keys = new ArrayList<>();
        for (Names.KeyInfo k : Names.of(repo.dir(), repo.config()).keys()) {
          keys.add(new String[] {k.name(), k.id().toString()});
        }
        print(keys);
      }
      return 0;
    }

    void remote(RpcClient api) throws IOException {
      List<String[]> keys = new ArrayList<>();
      for (JsonNode k : api.json("key/list", new RpcClient.Params()).path("Keys")) {
        keys.add(new String[] {k.path("Name").asText(), k.path("Id").asText()});
      }
      print(keys);
    }

    private void print(List<String[]> keys) {
      if (json) {
        List<Map<String, String>> list = new ArrayList<>();
        for (String[] k : keys) {
          Map<String, String> m = new LinkedHashMap<>();
          m.put("Name", k[0]);
          m.put("Id", k[1]);
          list.add(m);
        }
        System.out.println(Json.write(Map.of("Keys", list)));
        return;
      }
      for (String[] k : keys) {
        System.out.println(long_ ? k[1] + " " + k[0] : k[0]);
      }
    }
  }
}
