package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cairn.store.Config;
import io.cairn.store.Repo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn config KEY [VALUE]}, as Kubo's {@code ipfs config}. */
@Command(name = "config", description = "Read or set a config key (dotted path, e.g. Addresses.API); 'config show' prints it all.")
final class ConfigCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE")
  String value;

  @Option(names = "--json", description = "Parse VALUE as JSON.")
  boolean json;

  @Option(names = "--bool", description = "Parse VALUE as true or false.")
  boolean bool;

  @Override
  public Integer call() throws Exception {
    try (Repo repo = Repos.open("config")) {
      Config config = repo.config();
      if (key.equals("show") && value == null) {
        System.out.println(Config.toJson(config.root()));
        return 0;
      }
      if (value == null) {
        JsonNode n = config.get(key).orElseThrow(() -> new UserException("no config key '" + key + "'; see 'cairn config show'"));
        System.out.println(n.isTextual() ? n.asText() : Config.toJson(n));
        return 0;
      }
      JsonNode v;
      try {
        if (json) {
          v = Config.parseJson(value);
        } else if (bool) {
          if (!value.equals("true") && !value.equals("false")) {
            throw new UserException("--bool needs true or false, not '" + value + "'");
          }
          v = BooleanNode.valueOf(Boolean.parseBoolean(value));
        } else {
          v = TextNode.valueOf(value);
        }
        config.set(key, v);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      repo.saveConfig();
    }
    return 0;
  }
}
