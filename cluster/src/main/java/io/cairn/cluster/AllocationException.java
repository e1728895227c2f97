package io.cairn.cluster;

/** The cluster cannot place a pin as asked (too few live peers with room). */
public final class AllocationException extends Exception {
  public AllocationException(String message) {
    super(message);
  }
}
