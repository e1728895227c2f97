package io.cairn.server.gateway;

import java.util.Locale;

/** The {@code dag-scope} of a CAR request: what is sent below the end of the content path. */
enum DagScope {
  /** Only the block at the end of the path. */
  BLOCK,
  /** What a reader needs for that one thing: a whole file, or a directory's own node(s). */
  ENTITY,
  /** The whole DAG below the end of the path. */
  ALL;

  static DagScope parse(String text) throws GatewayException {
    return switch (text) {
      case "block" -> BLOCK;
      case "entity" -> ENTITY;
      case "all" -> ALL;
      default -> throw GatewayException.badRequest("dag-scope must be block, entity or all, not '" + text + "'");
    };
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
