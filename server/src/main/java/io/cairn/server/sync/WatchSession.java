package io.cairn.server.sync;

import java.util.HashSet;
import java.util.Set;

/**
 * What one sync knows from the daemon's watch of its tree ({@link TreeWatcher}): nothing
 * ({@code OFF}: a walk as without a daemon), a walk that registers every directory before it
 * lists it ({@code FULL}: the watch starts now), or the directories where something happened
 * since the last sync ({@code CHANGES}: the walk visits only those and the way to them). The
 * session registers the directories the walk lists, and at the end tells the tree whether the
 * sync committed (its records' stamp) or failed (the changes it took are merged back).
 */
final class WatchSession {
  /** No watch: a local sync. */
  static final WatchSession NONE = new WatchSession(Mode.OFF, null, null, Set.of(), Set.of());

  enum Mode {
    OFF, FULL, CHANGES
  }

  private final Mode mode;
  private final String reason;
  private final WatchedTree tree;
  private final Set<String> dirty;
  private final Set<String> whole;
  /** The dirty and whole directories and every directory above them. */
  private final Set<String> onPath = new HashSet<>();

  private WatchSession(Mode mode, String reason, WatchedTree tree, Set<String> dirty, Set<String> whole) {
    this.mode = mode;
    this.reason = reason;
    this.tree = tree;
    this.dirty = dirty;
    this.whole = whole;
    for (Set<String> s : java.util.List.of(dirty, whole)) {
      for (String p : s) {
        String q = p;
        while (onPath.add(q) && !q.isEmpty()) {
          int slash = q.lastIndexOf('/');
          q = slash < 0 ? "" : q.substring(0, slash);
        }
      }
    }
  }

  /** A sync the daemon does not watch, and why. */
  static WatchSession off(String reason) {
    return new WatchSession(Mode.OFF, reason, null, Set.of(), Set.of());
  }

  /** A full walk that registers {@code tree}'s directories as it lists them, and why it is needed. */
  static WatchSession full(WatchedTree tree, String reason) {
    return new WatchSession(Mode.FULL, reason, tree, Set.of(), Set.of());
  }

  /** A walk of the directories {@code dirty} (entries changed) and {@code whole} (to walk whole). */
  static WatchSession changes(WatchedTree tree, Set<String> dirty, Set<String> whole) {
    return new WatchSession(Mode.CHANGES, null, tree, dirty, whole);
  }

  Mode mode() {
    return mode;
  }

  /** Whether only the directories on the path of a change are visited. */
  boolean changes() {
    return mode == Mode.CHANGES;
  }

  /** Whether the directory at {@code path} must be listed: its entries changed, or it is new. */
  boolean mustList(String path) {
    if (dirty.contains(path)) {
      return true;
    }
    for (String p = path; ; ) {
      if (whole.contains(p)) {
        return true;
      }
      if (p.isEmpty()) {
        return false;
      }
      int slash = p.lastIndexOf('/');
      p = slash < 0 ? "" : p.substring(0, slash);
    }
  }

  /** Whether something changed at or below the directory at {@code path}. */
  boolean changedBelow(String path) {
    return onPath.contains(path);
  }

  /** Whether the directory at {@code path} has been watched since it was last walked. */
  boolean watched(String path) {
    return tree != null && tree.watched(path);
  }

  /** The walk is about to list the directory at {@code path}: watch it first. */
  void listing(String path) {
    if (tree != null) {
      tree.watch(path);
    }
  }

  /** The sync committed its records with {@code stamp}: the watch state now goes with them. */
  void committed(byte[] stamp) {
    if (tree != null) {
      tree.committed(stamp);
    }
  }

  /** The sync failed: what it took is still to be synced. */
  void failed() {
    if (mode == Mode.CHANGES) {
      tree.restore(dirty, whole);
    }
  }

  /** For the sync's result: how the walk knew what to visit; null without a watcher. */
  String describe() {
    return switch (mode) {
      case CHANGES -> "only where the daemon's watch saw changes (" + dirty.size() + " changed, " + whole.size()
          + " new)";
      case FULL -> "full walk, watch started: " + reason;
      case OFF -> reason == null ? null : "full walk, not watched: " + reason;
    };
  }
}
