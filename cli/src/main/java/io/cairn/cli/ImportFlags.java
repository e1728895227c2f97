package io.cairn.cli;

import io.cairn.server.node.ImportSettings;
import io.cairn.unixfs.ImportOptions;
import picocli.CommandLine.Option;

/** The UnixFS import flags, spelled as Kubo's {@code ipfs add} spells them. */
final class ImportFlags {
  @Option(names = "--profile", paramLabel = "NAME",
      description = "Import profile: unixfs-v0-2015 (Kubo's default) or unixfs-v1-2025 (CIDv1, raw leaves, 1 MiB chunks, 1024 links).")
  String profile;

  @Option(names = "--cid-version", paramLabel = "N", description = "CID version, 0 or 1 (1 turns raw leaves on).")
  Integer cidVersion;

  @Option(names = "--raw-leaves", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      description = "Store file chunks as raw blocks (default: on with CIDv1, off with CIDv0).")
  Boolean rawLeaves;

  @Option(names = {"-s", "--chunker"}, paramLabel = "size-N", description = "Chunking: size-N (default size-262144).")
  String chunker;

  @Option(names = "--max-file-links", paramLabel = "N", description = "Links per file node (default 174).")
  Integer maxFileLinks;

  @Option(names = {"-t", "--trickle"}, description = "Use the trickle DAG layout.")
  boolean trickle;

  @Option(names = "--inline", description = "Inline small blocks into identity CIDs.")
  boolean inline;

  @Option(names = "--inline-limit", paramLabel = "BYTES", description = "Largest block to inline (default 32).")
  Integer inlineLimit;

  @Option(names = "--preserve-mode", description = "Record file and directory modes (UnixFS 1.5).")
  boolean preserveMode;

  @Option(names = "--preserve-mtime", description = "Record modification times (UnixFS 1.5).")
  boolean preserveMtime;

  @Option(names = "--hamt-threshold", paramLabel = "BYTES",
      description = "Shard directories whose estimated size exceeds this (default 262144).")
  Long hamtThreshold;

  @Option(names = "--hamt-estimate", paramLabel = "MODE",
      description = "Directory size estimate: links-bytes (default) or block-bytes.")
  String hamtEstimate;

  ImportOptions toOptions() {
    try {
      return new ImportSettings().profile(profile).cidVersion(cidVersion).rawLeaves(rawLeaves).chunker(chunker)
          .maxFileLinks(maxFileLinks).trickle(trickle).inline(inline).inlineLimit(inlineLimit)
          .preserveMode(preserveMode).preserveMtime(preserveMtime).hamtThreshold(hamtThreshold)
          .hamtEstimate(hamtEstimate).toOptions();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }
}
