package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.codec.ipns.IpnsName;
import io.cairn.server.node.GoDuration;
import io.cairn.server.node.Names;
import io.cairn.store.Repo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn name publish|resolve}: IPNS names, signed records kept in the repository. */
@Command(name = "name", description = "Publish and resolve IPNS names (signed records kept in the repository).",
    subcommands = {NameCommand.Publish.class, NameCommand.Resolve.class})
final class NameCommand {

  @Command(name = "publish", description = "Point an IPNS name (a key's) at a path: signs a record with the next"
      + " sequence number; the gateway serves it at /ipns/NAME.")
  static final class Publish implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "/ipfs/CID[/path], /ipns/NAME or a CID.")
    String path;

    @Option(names = {"-k", "--key"}, defaultValue = "self", paramLabel = "KEY",
        description = "The key to publish with (default self; see 'cairn key ls').")
    String key;

    @Option(names = {"-t", "--lifetime"}, defaultValue = "48h", paramLabel = "DURATION",
        description = "How long the record is valid (default 48h).")
    String lifetime;

    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION",
        description = "How long resolvers and HTTP caches may keep it (default 1h).")
    String ttl;

    @Option(names = "--json", description = "Print Kubo's JSON: {\"Name\",\"Value\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("name publish")) {
        Names.Published p = Names.of(repo.dir(), repo.config())
            .publish(key, path, GoDuration.parse(lifetime), GoDuration.parse(ttl));
        print(p.name().toString(), p.value());
      }
      return 0;
    }

    void remote(RpcClient api) throws IOException {
      GoDuration.parse(lifetime); // refuse a bad duration here, with the same words
      GoDuration.parse(ttl);
      JsonNode r = api.json("name/publish", new RpcClient.Params().arg(path).add("key", key)
          .add("lifetime", lifetime).add("ttl", ttl));
      print(r.path("Name").asText(), r.path("Value").asText());
    }

    private void print(String name, String value) {
      if (json) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Value", value);
        System.out.println(Json.write(m));
      } else {
        System.out.println("Published to " + name + ": " + value);
      }
    }
  }

  @Command(name = "resolve", description = "The path an IPNS name points to, from the record held here.")
  static final class Resolve implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1", defaultValue = "self",
        description = "k51…, /ipns/k51…[/path], or a key's name (default self).")
    String name;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("name resolve")) {
        Names names = Names.of(repo.dir(), repo.config());
        String after = name.startsWith("/ipns/") ? name.substring(6) : name;
        int slash = after.indexOf('/');
        IpnsName n = names.parseName(slash < 0 ? after : after.substring(0, slash));
        System.out.println(names.resolve(n, slash < 0 ? "" : after.substring(slash + 1)).path());
      }
      return 0;
    }

    void remote(RpcClient api) throws IOException {
      System.out.println(api.json("name/resolve", new RpcClient.Params().arg(name)).path("Path").asText());
    }
  }
}
