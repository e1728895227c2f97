package io.cairn.cli;

/** A problem with what the user asked for; the message says what to do instead. */
class UserException extends RuntimeException {
  UserException(String message) {
    super(message);
  }
}
