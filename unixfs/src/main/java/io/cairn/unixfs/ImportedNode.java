package io.cairn.unixfs;

import io.cairn.codec.Cid;

/**
 * The root of something just imported.
 *
 * @param cid its CID
 * @param tsize the cumulative size of its DAG: its block plus every block below (the Tsize a
 *     parent link records)
 * @param contentSize the file bytes it stands for (0 for directories and symlinks)
 */
public record ImportedNode(Cid cid, long tsize, long contentSize) {}
