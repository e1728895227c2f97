package io.cairn.transfer;

import io.cairn.codec.Cid;

/**
 * A fetch gave up: some block could not be had from any provider within the attempts allowed.
 * What was received before is kept (stored, unpinned), so a later fetch resumes from there.
 */
public class FetchFailedException extends TransferException {
  private final Cid missing;

  public FetchFailedException(Cid missing, String problem, Throwable lastError) {
    super("could not fetch " + missing + ": " + problem
        + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")"), lastError);
    this.missing = missing;
  }

  /** A block still missing when the fetch gave up. */
  public Cid missing() {
    return missing;
  }
}
