package io.cairn.server.rpc;

/** One API command: reads its call's arguments and body, answers through its response. */
@FunctionalInterface
interface RpcCommand {
  void run(RpcCall call) throws Exception;
}
