package io.cairn.unixfs;

/** How file chunks are arranged into a DAG. */
public enum Layout {
  /** Every leaf at the same depth; up to {@code maxLinks} children per node (Kubo's default). */
  BALANCED,
  /** Kubo's trickle DAG, good for streaming reads from the start (`ipfs add --trickle`). */
  TRICKLE
}
