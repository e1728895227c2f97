package io.cairn.server.sync;

import io.cairn.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of sync's answers, one definition for the CLI's {@code --json}, the RPC API and
 * the CLI reading the API's answers (so local and remote print the same):
 * <pre>
 *   result   {"Name","Root","Version","Changed","FilesRead","BytesRead","Unchanged","DirsBuilt","Files","Bytes","Unpinned":[cid…],
 *             "DirsListed", "Walk" (through a daemon: how it knew what to visit)}
 *   tree     {"Name","Path","Keep","Versions":[{"Version","Root","Time","Files","Bytes"}…]}   (Keep -1 = all)
 *   trees    {"Trees":[{"Name","Path","Root","Version","Versions"}…]}
 * </pre>
 */
public final class SyncJson {
  private SyncJson() {}

  public static Map<String, Object> result(SyncResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", r.name());
    m.put("Root", r.root().toString());
    m.put("Version", r.version());
    m.put("Changed", r.changed());
    m.put("FilesRead", r.filesRead());
    m.put("BytesRead", r.bytesRead());
    m.put("Unchanged", r.unchanged());
    m.put("DirsBuilt", r.dirsBuilt());
    m.put("Files", r.files());
    m.put("Bytes", r.bytes());
    List<String> unpinned = new ArrayList<>();
    r.unpinned().forEach(c -> unpinned.add(c.toString()));
    m.put("Unpinned", unpinned);
    m.put("DirsListed", r.dirsListed());
    if (r.walk() != null) {
      m.put("Walk", r.walk());
    }
    return m;
  }

  /** The versions kept under {@code name}, or null when nothing is synced under that name. */
  public static Map<String, Object> tree(Store store, String name) throws IOException {
    TreeRecord t = Sync.tree(store, name).orElse(null);
    if (t == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", name);
    m.put("Path", t.path());
    m.put("Keep", t.keep());
    List<Object> versions = new ArrayList<>();
    for (Version v : t.versions()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Version", v.number());
      e.put("Root", v.root().toString());
      e.put("Time", v.time());
      e.put("Files", v.files());
      e.put("Bytes", v.bytes());
      versions.add(e);
    }
    m.put("Versions", versions);
    return m;
  }

  /** Every synced tree with its latest version. */
  public static Map<String, Object> trees(Store store) throws IOException {
    List<Object> trees = new ArrayList<>();
    for (String name : Sync.names(store)) {
      TreeRecord t = Sync.tree(store, name).orElseThrow();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Name", name);
      e.put("Path", t.path());
      e.put("Root", t.latest().root().toString());
      e.put("Version", t.latest().number());
      e.put("Versions", t.versions().size());
      trees.add(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Trees", trees);
    return m;
  }
}
