package io.cairn.server.sync;

import io.cairn.codec.Cid;
import java.util.List;

/**
 * What a sync did.
 *
 * @param name the tree's name
 * @param root the tree's root now (exactly what {@code add -r} with the same settings gives)
 * @param version the version number of {@code root} under the name
 * @param changed whether {@code root} is a new version (false: the tree's root is the previous one)
 * @param filesRead files and symlinks read (new or changed, or all with {@code --checksum})
 * @param bytesRead bytes of file content read
 * @param unchanged files and symlinks taken from the previous sync without reading them
 * @param dirsBuilt directories whose nodes were built (the rest were unchanged)
 * @param files files and symlinks in the tree
 * @param bytes bytes of file content in the tree
 * @param unpinned roots of older versions unpinned by {@code --keep}
 * @param dirsListed directories listed from disk (a daemon that watches the tree lists only changed ones)
 * @param walk how the walk knew what to visit, when a daemon ran it (its watch of the tree); else null
 */
public record SyncResult(String name, Cid root, long version, boolean changed, long filesRead, long bytesRead,
    long unchanged, long dirsBuilt, long files, long bytes, List<Cid> unpinned, long dirsListed, String walk) {
  public SyncResult {
    unpinned = List.copyOf(unpinned);
  }
}
