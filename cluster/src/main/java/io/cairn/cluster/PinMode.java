package io.cairn.cluster;

import io.cairn.codec.MalformedDataException;

/** How a cluster pin holds its DAG on each allocated peer, spelled as IPFS Cluster spells it. */
public enum PinMode implements WireName {
  /** The root and everything it links to. */
  RECURSIVE("recursive"),
  /** The root block only. */
  DIRECT("direct");

  private final String wire;

  PinMode(String wire) {
    this.wire = wire;
  }

  /** The name used on the wire and in IPFS Cluster's REST API. */
  @Override
  public String wireName() {
    return wire;
  }

  public static PinMode parse(String text) throws MalformedDataException {
    return WireName.parse(values(), text, "pin mode");
  }
}
