package io.cairn.codec.ipns;

import java.io.IOException;

/**
 * An IPNS record was refused: {@link #problem()} says which rule it broke, the message names the
 * field and what was wrong with it.
 */
public final class IpnsRecordException extends IOException {
  /** The rule a record broke. */
  public enum Problem {
    /** Larger than {@link IpnsRecord#MAX_SIZE}. */
    TOO_LARGE,
    /** Not a well-formed IpnsEntry, or its Data is not the DAG-CBOR map the spec describes. */
    MALFORMED,
    /** No signatureV2 or no data: V1-only records are no longer accepted. */
    NOT_V2,
    /** A V1 field differs from the same field in the signed data. */
    DATA_MISMATCH,
    /** The value is not a content path. */
    BAD_VALUE,
    /** A validity type other than EOL, or a key type other than Ed25519. */
    UNSUPPORTED,
    /** The record's key is not the key the name was made from. */
    WRONG_KEY,
    /** signatureV2 does not verify with the record's key. */
    BAD_SIGNATURE,
    /** The EOL validity is in the past. */
    EXPIRED
  }

  private final Problem problem;

  public IpnsRecordException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public IpnsRecordException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
