package io.cairn.server.rpc;

import io.cairn.unixfs.UnixTime;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What one part of an {@code add} upload declares, read as Kubo (boxo's multipart files) reads it:
 *
 * <ul>
 *   <li>the path is the URL-encoded {@code filename} parameter of Content-Disposition
 *       ({@code dir%2Fsub%2Ffile}), cleaned as Go's {@code path.Clean("/" + name)} cleans it, so
 *       {@code ..} can never climb above the upload's root;
 *   <li>the kind is the part's Content-Type: {@code application/x-directory} a directory,
 *       {@code application/symlink} a symlink (the body is the target), anything else a file;
 *   <li>mode and mtime ride in the form field name's query ({@code file-1?mode=0644&mtime=1700000000&mtime-nsecs=5}),
 *       as kubo-rpc-client writes them; a name with a query but no mtime means mtime 0, as in Kubo.
 * </ul>
 *
 * @param mode the declared mode ({@code & 07777}), -1 when none
 * @param mtime the declared mtime, null when none
 */
record AddPart(String path, Kind kind, int mode, UnixTime mtime) {
  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  static AddPart of(MultipartReader.Part part) {
    String name = part.fileName() == null ? "" : unescape(part.fileName());
    Kind kind = switch (part.contentType()) {
      case "application/x-directory", "multipart/form-data", "multipart/mixed" -> Kind.DIRECTORY;
      case "application/symlink" -> Kind.SYMLINK;
      default -> Kind.FILE;
    };
    int mode = -1;
    UnixTime mtime = null;
    String form = part.formName();
    int q = form.indexOf('?');
    if (q >= 0) {
      long secs = 0;
      long nsecs = 0;
      for (String kv : form.substring(q + 1).split("[&;]")) {
        int eq = kv.indexOf('=');
        String k = unescape(eq < 0 ? kv : kv.substring(0, eq));
        String v = eq < 0 ? "" : unescape(kv.substring(eq + 1));
        try {
          switch (k) {
            case "mode" -> {
              int m = Integer.parseInt(v, 8) & 07777;
              mode = m == 0 ? -1 : m;
            }
            case "mtime" -> secs = Long.parseLong(v);
            case "mtime-nsecs" -> nsecs = Long.parseLong(v);
            default -> { }
          }
        } catch (NumberFormatException e) {
          // Kubo ignores a value it cannot read
        }
      }
      if (nsecs >= 0 && nsecs <= 999_999_999) {
        mtime = new UnixTime(secs, (int) nsecs);
      }
    }
    return new AddPart(clean(name), kind, mode, mtime);
  }

  /** Go's url.QueryUnescape; a name that does not decode is taken as it is, as Kubo does. */
  static String unescape(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** Go's {@code path.Clean("/" + p)} without the leading slash. */
  static String clean(String p) {
    Deque<String> out = new ArrayDeque<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        out.pollLast();
        continue;
      }
      out.addLast(seg);
    }
    return String.join("/", out);
  }

  /** The top-level name this part belongs under. */
  String topName() {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }
}
