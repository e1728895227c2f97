package io.cairn.unixfs;

import io.cairn.codec.Cid;

/** One listed directory entry: its name, CID and the Tsize recorded for it. */
public record DirectoryLink(String name, Cid cid, long tsize) {}
