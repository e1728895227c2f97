package io.cairn.server.sync;

import io.cairn.codec.Cid;

/**
 * One kept version of a synced tree.
 *
 * @param number 1 for the first sync, one more for each sync that changed the root
 * @param root the tree's root CID (pinned, recursively, under the tree's name)
 * @param time when it was made, in seconds since the epoch
 * @param files files and symlinks in the tree
 * @param bytes bytes of file content in the tree
 */
public record Version(long number, Cid root, long time, long files, long bytes) {}
