package io.cairn.cluster;

import io.cairn.codec.MalformedDataException;

/** How a cluster pin holds its DAG on each allocated peer, spelled as IPFS Cluster spells it. */
public enum PinMode {
  /** The root and everything it links to. */
  RECURSIVE("recursive"),
  /** The root block only. */
  DIRECT("direct");

  private final String wire;

  PinMode(String wire) {
    this.wire = wire;
  }

  /** The name used on the wire and in IPFS Cluster's REST API. */
  public String wireName() {
    return wire;
  }

  public static PinMode parse(String text) throws MalformedDataException {
    for (PinMode m : values()) {
      if (m.wire.equals(text)) {
        return m;
      }
    }
    throw new MalformedDataException("pin mode", -1, "'" + text + "' is neither recursive nor direct");
  }
}
