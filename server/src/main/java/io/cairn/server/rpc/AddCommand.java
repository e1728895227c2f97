package io.cairn.server.rpc;

import io.cairn.codec.BlockSink;
import io.cairn.server.NodeContext;
import io.cairn.server.node.ImportSettings;
import io.cairn.server.node.Pins;
import io.cairn.server.node.StreamedTree;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixTime;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code add}: imports the files of a multipart upload as each part arrives (nothing is buffered
 * beyond one read of the body), reporting {@code {"Name","Hash","Size"}} per entry in Kubo's
 * order ({@link StreamedTree}), and {@code {"Name","Bytes"}} progress with {@code progress=true}.
 * Blocks go into one store batch; the roots are pinned in the same atomic commit. Options are
 * Kubo's: quiet/quieter only shape Kubo's CLI text, so every entry is reported over the API
 * (silent reports none); chunker is size-N; hash is sha2-256.
 */
final class AddCommand implements RpcCommand {
  private static final int MAX_SYMLINK_TARGET = 64 * 1024;

  @Override
  public void run(RpcCall call) throws Exception {
    Params p = call.params();
    NodeContext node = call.node();
    boolean wrap = p.flag(false, "wrap-with-directory", "w");
    boolean onlyHash = p.flag(false, "only-hash", "n");
    boolean pin = p.flag(true, "pin") && !onlyHash;
    Optional<String> pinName = p.string("pin-name");
    boolean silent = p.flag(false, "silent");
    boolean progress = p.flag(false, "progress", "p");
    p.bool("quiet", "q");
    p.bool("quieter", "Q");
    refuse(p, "nocopy", "fscache");
    if (p.string("to-files").isPresent()) {
      throw RpcException.failed("to-files is not supported: Cairn has no MFS");
    }
    String hash = p.stringOr("sha2-256", "hash");
    if (!hash.equalsIgnoreCase("sha2-256")) {
      throw RpcException.failed("hash=" + hash + " is not supported: Cairn hashes with sha2-256 only");
    }
    if (pinName.isPresent()) {
      if (!p.flag(true, "pin")) {
        throw RpcException.failed("pin-name option requires pin to be set");
      }
      Pins.checkName(pinName.get());
    }
    boolean preserveMode = p.flag(false, "preserve-mode");
    boolean preserveMtime = p.flag(false, "preserve-mtime");
    int mode = (int) (p.int64("mode").orElse(0L) & 07777);
    long mtime = p.int64("mtime").orElse(0L);
    long mtimeNsecs = p.int64("mtime-nsecs").orElse(0L);
    if (mtime == 0 && mtimeNsecs != 0) {
      throw RpcException.failed("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
    }
    if (mtimeNsecs < 0 || mtimeNsecs > 999_999_999) {
      throw RpcException.failed("mtime-nsecs must be 0..999999999");
    }
    Boolean rawLeaves = p.bool("raw-leaves").orElse(null);
    if (mode != 0 || mtime != 0) {
      if (Boolean.TRUE.equals(rawLeaves)) {
        throw RpcException.failed("raw-leaves can't be used with UnixFS metadata like mode or modification time");
      }
      rawLeaves = false;
    }
    ImportOptions options = new ImportSettings()
        .profile(p.string("profile").orElse(null)) // Cairn's own: the CLI's --profile, --hamt-*
        .hamtThreshold(p.int64("hamt-threshold").orElse(null))
        .hamtEstimate(p.string("hamt-estimate").orElse(null))
        .cidVersion(p.int32("cid-version").orElse(null))
        .rawLeaves(rawLeaves)
        .chunker(p.string("chunker", "s").orElse(null))
        .maxFileLinks(p.int32("max-file-links").orElse(null))
        .trickle(p.flag(false, "trickle", "t"))
        .inline(p.flag(false, "inline"))
        .inlineLimit(p.int32("inline-limit").orElse(null))
        .preserveMode(preserveMode)
        .preserveMtime(preserveMtime)
        .toOptions();
    Metadata given = new Metadata(mode == 0 ? -1 : mode, mtime == 0 ? null : new UnixTime(mtime, (int) mtimeNsecs));
    Metadata implicitDirs = new Metadata(preserveMode ? -1 : given.mode(), preserveMtime ? null : given.mtime());

    MultipartReader parts = call.parts();
    Events events = new Events(call.out(), silent, progress);
    Store store = node.store();
    try (Store.Batch batch = onlyHash ? null : store.batch();
        UnixfsImporter importer = new UnixfsImporter(options, onlyHash ? BlockSink.DISCARD : batch)) {
      StreamedTree tree = new StreamedTree(importer, wrap, implicitDirs, events);
      MultipartReader.Part part;
      int count = 0;
      while ((part = parts.next()) != null) {
        count++;
        AddPart entry = AddPart.of(part);
        events.declared(entry, wrap);
        Metadata own = new Metadata(preserveMode ? entry.mode() : given.mode(),
            preserveMtime ? entry.mtime() : given.mtime());
        switch (entry.kind()) {
          case DIRECTORY -> tree.directory(entry.path(), own);
          case SYMLINK -> tree.symlink(entry.path(), target(part.content(), entry.path()), new Metadata(-1, own.mtime()));
          case FILE -> tree.file(entry.path(), part.content(), own);
        }
      }
      if (count == 0) {
        throw RpcException.failed("expected a file argument");
      }
      List<ImportedNode> roots = tree.finish();
      if (batch != null) {
        List<Pin> pins = new ArrayList<>();
        if (pin) {
          for (ImportedNode r : roots) {
            pins.add(new Pin(r.cid(), PinMode.RECURSIVE, pinName.orElse("")));
          }
        }
        batch.commit(pins);
        node.metrics().stored(batch.blocks());
      }
    }
  }

  private static void refuse(Params p, String... flags) throws RpcException {
    for (String f : flags) {
      if (p.flag(false, f)) {
        throw RpcException.failed(f + " is not supported: Cairn stores every block it adds");
      }
    }
  }

  private static String target(InputStream in, String path) throws IOException, RpcException {
    byte[] t = in.readNBytes(MAX_SYMLINK_TARGET + 1);
    if (t.length > MAX_SYMLINK_TARGET) {
      throw RpcException.failed("symlink '" + path + "' has a target over " + MAX_SYMLINK_TARGET + " bytes");
    }
    return new String(t, StandardCharsets.UTF_8);
  }

  /**
   * Writes Kubo's add events. Like Kubo, every event of a top-level entry carries the mode and
   * mtime its part declared ({@code Mode} as "0644", {@code Mtime}, {@code MtimeNsecs}).
   */
  private static final class Events implements StreamedTree.Listener {
    private final RpcResponse out;
    private final boolean silent;
    private final boolean progress;
    private final Map<String, AddPart> declaredTop = new HashMap<>();

    Events(RpcResponse out, boolean silent, boolean progress) {
      this.out = out;
      this.silent = silent;
      this.progress = progress;
    }

    void declared(AddPart part, boolean wrap) {
      if (!wrap && !part.path().isEmpty() && part.path().indexOf('/') < 0) {
        declaredTop.putIfAbsent(part.path(), part);
      }
    }

    @Override
    public void added(String path, ImportedNode node) throws IOException {
      if (silent) {
        return;
      }
      Map<String, Object> e = Json.obj("Name", path, "Hash", node.cid().toString(), "Size", Long.toString(node.tsize()));
      int slash = path.indexOf('/');
      AddPart top = declaredTop.get(slash < 0 ? path : path.substring(0, slash));
      if (top != null) {
        if (top.mode() >= 0) {
          e.put("Mode", "0" + Integer.toOctalString(top.mode()));
        }
        if (top.mtime() != null && top.mtime().seconds() > 0) {
          e.put("Mtime", top.mtime().seconds());
          if (top.mtime().nanos() > 0) {
            e.put("MtimeNsecs", top.mtime().nanos());
          }
        }
      }
      out.emit(e);
    }

    @Override
    public void progress(String path, long bytes) throws IOException {
      if (progress && !silent) {
        out.emit(bytes == 0 ? Json.obj("Name", path) : Json.obj("Name", path, "Bytes", bytes));
      }
    }
  }
}
