package io.cairn.cli;

import io.cairn.store.Identity;
import io.cairn.store.Repo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn init}: create the repository at $CAIRN_PATH (default ~/.cairn). */
@Command(name = "init", description = "Create a repository at $CAIRN_PATH (default ~/.cairn).")
final class InitCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Path dir = Repo.defaultPath();
    System.out.println("initializing Cairn node at " + dir);
    Identity id = Repo.init(dir);
    System.out.println("generated ED25519 keypair");
    System.out.println("peer identity: " + id.peerId());
    return 0;
  }
}
