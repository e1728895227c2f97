package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ipns.IpnsName;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.util.Objects;

/**
 * A content path as Kubo accepts one: {@code CID}, {@code CID/a/b}, {@code /ipfs/CID/a/b} (or
 * {@code /ipld/…}), and with the node's names {@code /ipns/NAME/a/b}. The path part is resolved only through UnixFS directory links, so it can never
 * leave the DAG under the root.
 */
public record IpfsPath(Cid root, String path) {
  public IpfsPath {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(path, "path");
  }

  public static IpfsPath parse(String s) throws NodeException {
    Objects.requireNonNull(s, "s");
    if (s.startsWith("/ipns/")) {
      throw new NodeException("'" + s + "' is an IPNS path; this command takes an /ipfs/ path or a CID"
          + " ('cairn name resolve " + s + "' gives the /ipfs/ path it points to)");
    }
    String p = s;
    if (p.startsWith("/ipfs/") || p.startsWith("/ipld/")) {
      p = p.substring(6);
    }
    int slash = p.indexOf('/');
    String cid = slash < 0 ? p : p.substring(0, slash);
    try {
      return new IpfsPath(Cid.parse(cid), slash < 0 ? "" : trimSlashes(p.substring(slash + 1)));
    } catch (MalformedDataException e) {
      throw new NodeException("'" + s + "' is not a CID or /ipfs/ path: " + e.getMessage());
    }
  }

  /**
   * Like {@link #parse(String)}, and an {@code /ipns/NAME[/path]} (NAME a {@code k51…} name, a
   * peer ID or a key's name) resolved through the IPNS records {@code names} holds, as Kubo's
   * commands accept it.
   */
  public static IpfsPath parse(String s, Names names) throws IOException {
    Objects.requireNonNull(s, "s");
    if (!s.startsWith("/ipns/")) {
      return parse(s);
    }
    String rest = s.substring(6);
    int slash = rest.indexOf('/');
    IpnsName name = names.parseName(slash < 0 ? rest : rest.substring(0, slash));
    return parse(names.resolve(name, slash < 0 ? "" : trimSlashes(rest.substring(slash + 1))).path());
  }

  /** The name a path's content is saved under: its last segment ({@code /ipns/NAME}: NAME). */
  public static String lastName(String s) throws NodeException {
    if (!s.startsWith("/ipns/")) {
      return parse(s).lastName();
    }
    String[] parts = trimSlashes(s.substring(6)).split("/");
    return parts[parts.length - 1];
  }

  private static String trimSlashes(String p) {
    int end = p.length();
    while (end > 0 && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(0, end);
  }

  /** The CID the path names, following UnixFS links (plain and HAMT directories). */
  public Cid resolve(UnixfsExporter exporter) throws IOException {
    return path.isEmpty() ? root : exporter.resolve(root, path);
  }

  /** The last path segment, or the root CID when there is no path. */
  public String lastName() {
    if (path.isEmpty()) {
      return root.toString();
    }
    String[] parts = path.split("/");
    return parts[parts.length - 1];
  }

  @Override
  public String toString() {
    return path.isEmpty() ? root.toString() : root + "/" + path;
  }
}
