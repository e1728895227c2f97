package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.store.Repo;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;

/** Opening the repository, and CID paths ({@code CID[/path]}, {@code /ipfs/CID[/path]}). */
final class Repos {
  /** The file a running daemon writes its API multiaddr to (Kubo's name). */
  static final String API_FILE = "api";

  private Repos() {}

  /**
   * Opens the repository under its lock. A daemon holds that lock while it runs, so an
   * {@code api} file found now was left by one that died: it is removed, and later commands
   * do not look for that daemon again.
   */
  static Repo open(String command) throws IOException {
    Repo repo = Repo.open(Repo.defaultPath(), "cairn " + command);
    try {
      java.nio.file.Files.deleteIfExists(repo.dir().resolve(API_FILE));
    } catch (IOException e) {
      repo.close();
      throw e;
    }
    return repo;
  }

  /** A parsed {@code /ipfs/CID/a/b} or {@code CID/a/b} (see {@link io.cairn.server.node.IpfsPath}). */
  record IpfsPath(Cid root, String path) {
    static IpfsPath parse(String s) {
      try {
        io.cairn.server.node.IpfsPath p = io.cairn.server.node.IpfsPath.parse(s);
        return new IpfsPath(p.root(), p.path());
      } catch (io.cairn.server.node.NodeException e) {
        throw new UserException(e.getMessage());
      }
    }

    /** Also {@code /ipns/NAME[/path]}, through the IPNS records the repository holds. */
    static IpfsPath parse(String s, Repo repo) throws IOException {
      if (!s.startsWith("/ipns/")) {
        return parse(s);
      }
      io.cairn.server.node.IpfsPath p = io.cairn.server.node.IpfsPath.parse(s,
          io.cairn.server.node.Names.of(repo.dir(), repo.config()));
      return new IpfsPath(p.root(), p.path());
    }

    /** The name a path's content is saved under: its last segment ({@code /ipns/NAME}: NAME). */
    static String lastName(String s) {
      try {
        return io.cairn.server.node.IpfsPath.lastName(s);
      } catch (io.cairn.server.node.NodeException e) {
        throw new UserException(e.getMessage());
      }
    }

    Cid resolve(UnixfsExporter exporter) throws IOException {
      return new io.cairn.server.node.IpfsPath(root, path).resolve(exporter);
    }

    String lastName() {
      return new io.cairn.server.node.IpfsPath(root, path).lastName();
    }
  }
}
