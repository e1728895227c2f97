package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.store.GarbageCollector;
import io.cairn.store.Repo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn gc} (also {@code cairn repo gc}): remove every block no pin reaches. */
@Command(name = "gc", description = "Remove every block that no pin reaches.")
final class GcCommand implements Callable<Integer> {
  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Option(names = "--json", description = "One JSON object per removed block: {\"Key\": {\"/\": cid}}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Repo repo = Repos.open("gc")) {
      GarbageCollector.Result r = GarbageCollector.collect(repo.store());
      if (!quiet) {
        r.removed().forEach(mh -> System.out.println(json
            ? Json.write(java.util.Map.of("Key", java.util.Map.of("/", Cid.v1(Multicodec.RAW, mh).toString())))
            : "removed " + Cid.v1(Multicodec.RAW, mh)));
      }
      if (!r.missing().isEmpty()) {
        System.err.println("warning: " + r.missing().size() + " blocks under pins are missing (e.g. "
            + r.missing().iterator().next() + "); run 'cairn repo verify'");
      }
      System.err.println("removed " + r.removedBlocks() + " blocks");
    }
    return 0;
  }
}
