package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbLink;
import io.cairn.unixfs.DirectoryLink;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ls}: a directory's entries as Kubo lists them,
 * <code>{"Objects":[{"Hash": path, "Links":[{"Name","Hash","Size","Type","Target"}]}]}</code>
 * with Type 1 directory, 2 file, 4 symlink and Size the file size (0 for directories). One
 * answer, links sorted by name; with {@code stream=true}, one line per entry as the directory is
 * read. A file is listed by its chunk links (none for a single-block file), as Kubo does.
 */
final class LsCommand implements RpcCommand {
  @Override
  public void run(RpcCall call) throws Exception {
    Params p = call.params();
    List<String> paths = p.args("ipfs-path");
    boolean stream = p.flag(false, "stream", "s");
    boolean resolve = p.flag(true, "resolve-type") | p.flag(true, "size");
    p.bool("headers", "v");
    p.bool("long", "l");
    UnixfsExporter ex = call.exporter();
    List<Object> objects = new ArrayList<>();
    for (String path : paths) {
      Cid cid = call.path(path).resolve(ex);
      List<Map<String, Object>> links = new ArrayList<>();
      for (DirectoryLink l : entries(call.reads(), ex, cid)) {
        Map<String, Object> link = link(ex, l, resolve);
        if (stream) {
          call.out().emit(Json.obj("Objects", List.of(Json.obj("Hash", path, "Links", List.of(link)))));
        } else {
          links.add(link);
        }
      }
      if (!stream) {
        links.sort((a, b) -> Arrays.compareUnsigned(((String) a.get("Name")).getBytes(StandardCharsets.UTF_8),
            ((String) b.get("Name")).getBytes(StandardCharsets.UTF_8)));
        objects.add(Json.obj("Hash", path, "Links", links));
      }
    }
    if (!stream) {
      call.out().single(Json.obj("Objects", objects));
    }
  }

  /** A directory's entries; for a file, its chunk links. */
  private static List<DirectoryLink> entries(io.cairn.codec.BlockSource blocks, UnixfsExporter ex, Cid cid) throws IOException {
    if (!cid.codec().equals(Multicodec.DAG_PB)) {
      return List.of();
    }
    UnixfsEntry e = ex.stat(cid);
    if (e.kind().isDirectory()) {
      return ex.list(cid);
    }
    List<DirectoryLink> chunks = new ArrayList<>();
    for (PbLink l : DagPb.decode(blocks.get(cid)).links()) {
      chunks.add(new DirectoryLink(l.name(), l.hash(), l.tsize().orElse(0)));
    }
    return chunks;
  }

  private static Map<String, Object> link(UnixfsExporter ex, DirectoryLink l, boolean resolve) throws IOException {
    int type = 2;
    long size = l.tsize();
    String target = "";
    if (resolve && l.cid().codec().equals(Multicodec.DAG_PB)) {
      UnixfsEntry e = ex.stat(l.cid());
      type = e.kind().isDirectory() ? 1 : e.kind() == UnixfsEntry.Kind.SYMLINK ? 4 : 2;
      size = e.size();
      target = e.symlinkTarget().orElse("");
    }
    return Json.obj("Name", l.name(), "Hash", l.cid().toString(), "Size", size, "Type", type, "Target", target);
  }
}
