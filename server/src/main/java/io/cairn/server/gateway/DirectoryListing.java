package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import io.cairn.unixfs.DirectoryLink;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * A plain HTML index of a UnixFS directory (plain or HAMT): one row per entry with a link to
 * it (relative, so the page must be served at the directory's URL with its trailing '/'), its
 * DAG size (the link's Tsize, so no child block is read) and its CID. Every name is
 * HTML-escaped in text and percent-encoded in links.
 */
final class DirectoryListing {
  /** Changes whenever the HTML does, so cached listings are replaced (it is part of the Etag). */
  static final String VERSION = "cairn-1";

  private DirectoryListing() {}

  static String etag(Cid dir) {
    return "\"DirIndex-" + VERSION + "_CID-" + dir + "\"";
  }

  /**
   * @param title the directory's content path, decoded (e.g. {@code /ipfs/bafy…/docs/})
   * @param hasParent whether to offer a link to the parent directory
   */
  static void write(Writer w, String title, boolean hasParent, Cid dir, List<DirectoryLink> entries)
      throws IOException {
    String t = Html.escape(title);
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.write("<title>" + t + "</title>\n");
    w.write("<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em 1em;text-align:left}"
        + "td.size{text-align:right}code{font-size:.9em}</style>\n</head>\n<body>\n");
    w.write("<h1>Index of " + t + "</h1>\n");
    w.write("<p>" + entries.size() + (entries.size() == 1 ? " entry" : " entries") + " &middot; <a href=\"/ipfs/"
        + dir + "\"><code>" + dir + "</code></a></p>\n");
    w.write("<table>\n<tr><th>Name</th><th>Size</th><th>CID</th></tr>\n");
    if (hasParent) {
      w.write("<tr><td><a href=\"../\">..</a></td><td></td><td></td></tr>\n");
    }
    for (DirectoryLink e : entries) {
      w.write("<tr><td><a href=\"./" + Html.percentEncode(e.name()) + "\">" + Html.escape(e.name()) + "</a></td>");
      w.write("<td class=\"size\" title=\"" + e.tsize() + " bytes\">" + humanSize(e.tsize()) + "</td>");
      w.write("<td><a href=\"/ipfs/" + e.cid() + "\"><code>" + e.cid() + "</code></a></td></tr>\n");
    }
    w.write("</table>\n</body>\n</html>\n");
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
