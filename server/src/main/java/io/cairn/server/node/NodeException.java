package io.cairn.server.node;

import java.io.IOException;

/**
 * A node operation that was refused or could not be done; the message says why and what to do
 * instead. The CLI prints it as one line; the RPC API returns it as Kubo's error JSON.
 */
public class NodeException extends IOException {
  public NodeException(String message) {
    super(message);
  }
}
