package io.cairn.store;

import java.io.IOException;

/** The repository cannot be used as asked; the message says what to do. */
public class RepoException extends IOException {
  public RepoException(String message) {
    super(message);
  }
}
