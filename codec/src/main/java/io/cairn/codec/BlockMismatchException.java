package io.cairn.codec;

/** A block whose bytes do not match its CID's hash. */
public class BlockMismatchException extends MalformedDataException {
  private final Cid cid;

  public BlockMismatchException(Cid cid, String problem) {
    super("block " + cid, -1, problem);
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
