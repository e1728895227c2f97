package io.cairn.server.rpc;

/**
 * A refused RPC request, with the HTTP status and the Kubo error code it is answered with:
 * {@code {"Message": message, "Code": code, "Type": "error"}}. Codes are go-ipfs-cmds':
 * 0 a failed command, 1 a bad request, 4 a forbidden one.
 */
final class RpcException extends Exception {
  static final int CODE_NORMAL = 0;
  static final int CODE_CLIENT = 1;
  static final int CODE_FORBIDDEN = 4;

  private final int status;
  private final int code;

  RpcException(int status, int code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** A malformed request: a bad option value, a missing argument (400). */
  static RpcException badRequest(String message) {
    return new RpcException(400, CODE_CLIENT, message);
  }

  /** A command that ran and failed (500, as Kubo answers every failed command). */
  static RpcException failed(String message) {
    return new RpcException(500, CODE_NORMAL, message);
  }

  int status() {
    return status;
  }

  int code() {
    return code;
  }
}
