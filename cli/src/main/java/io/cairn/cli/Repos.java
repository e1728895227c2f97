package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.store.Repo;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;

/** Opening the repository, and CID paths ({@code CID[/path]}, {@code /ipfs/CID[/path]}). */
final class Repos {
  /** The file a running daemon writes its API multiaddr to (Kubo's name). */
  static final String API_FILE = "api";

  private Repos() {}

  static Repo open(String command) throws IOException {
    return Repo.open(Repo.defaultPath(), "cairn " + command);
  }

  /** A parsed {@code /ipfs/CID/a/b} or {@code CID/a/b}. */
  record IpfsPath(Cid root, String path) {
    static IpfsPath parse(String s) {
      String p = s.startsWith("/ipfs/") ? s.substring(6) : s;
      int slash = p.indexOf('/');
      String cid = slash < 0 ? p : p.substring(0, slash);
      try {
        return new IpfsPath(Cid.parse(cid), slash < 0 ? "" : p.substring(slash + 1));
      } catch (MalformedDataException e) {
        throw new UserException("'" + s + "' is not a CID or /ipfs/ path: " + e.getMessage());
      }
    }

    Cid resolve(UnixfsExporter exporter) throws IOException {
      return path.isEmpty() ? root : exporter.resolve(root, path);
    }

    String lastName() {
      if (path.isEmpty()) {
        return root.toString();
      }
      String[] parts = path.split("/");
      return parts[parts.length - 1];
    }
  }
}
