package io.cairn.transfer;

import java.io.IOException;

/** A fetch went wrong: a provider misbehaved, or no provider could supply what was asked. */
public class TransferException extends IOException {
  public TransferException(String message) {
    super(message);
  }

  public TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
