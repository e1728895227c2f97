package io.cairn.server.gateway;

/**
 * A request the gateway refuses before any of the response is sent: the HTTP status and a
 * short plain-text reason for the client.
 */
final class GatewayException extends Exception {
  private final int status;

  GatewayException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static GatewayException badRequest(String message) {
    return new GatewayException(400, message);
  }

  static GatewayException notFound(String message) {
    return new GatewayException(404, message);
  }

  static GatewayException notAcceptable(String message) {
    return new GatewayException(406, message);
  }

  int status() {
    return status;
  }
}
