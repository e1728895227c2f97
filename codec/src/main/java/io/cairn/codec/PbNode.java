package io.cairn.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DAG-PB node: links (kept in DAG-PB order: sorted by name bytes, stable) and optional
 * data. Encoding and decoding are in {@link DagPb}.
 */
public final class PbNode {
  private final List<PbLink> links;
  private final byte[] data; // null = absent

  private PbNode(List<PbLink> links, byte[] data) {
    this.links = links;
    this.data = data;
  }

  /** A node with these links (sorted stably by name bytes here) and data (null = absent). */
  public static PbNode of(List<PbLink> links, byte[] data) {
    List<PbLink> sorted = new ArrayList<>(links);
    sorted.forEach(l -> Objects.requireNonNull(l, "link"));
    sorted.sort(PbLink::compareNames); // List.sort is stable
    return new PbNode(List.copyOf(sorted), data == null ? null : data.clone());
  }

  /** Trusted: {@code links} already in DAG-PB order and owned; {@code data} not shared. */
  static PbNode trusted(List<PbLink> links, byte[] data) {
    return new PbNode(links, data);
  }

  public List<PbLink> links() {
    return links;
  }

  public Optional<byte[]> data() {
    return data == null ? Optional.empty() : Optional.of(data.clone());
  }

  /** Data bytes, without a copy; callers must not modify. Null when absent. */
  byte[] rawData() {
    return data;
  }

  public boolean hasData() {
    return data != null;
  }

  /** The data, or an empty array when absent. */
  public byte[] dataOrEmpty() {
    return data == null ? new byte[0] : data.clone();
  }

  public byte[] encode() {
    return DagPb.encode(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PbNode n && links.equals(n.links) && Arrays.equals(data, n.data);
  }

  @Override
  public int hashCode() {
    return 31 * links.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "PbNode{links=" + links + ", data=" + (data == null ? "absent" : data.length + " bytes") + "}";
  }
}
