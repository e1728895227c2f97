package io.cairn.server.gateway;

/**
 * How a CAR response is shaped: duplicates or not, the dag-scope, and an optional
 * entity-bytes range. Blocks are always written in depth-first order, so {@code order=dfs}.
 *
 * @param dups whether a block is written again each time the walk meets it
 * @param scope what is sent below the end of the path
 * @param entityBytes the byte range of a file to cover, or null for all of it
 */
record CarParams(boolean dups, DagScope scope, EntityRange entityBytes) {
  static final String MEDIA_TYPE = "application/vnd.ipld.car";

  /** The response's Content-Type, naming every parameter Cairn honours. */
  String contentType() {
    return MEDIA_TYPE + "; version=1; order=dfs; dups=" + (dups ? "y" : "n");
  }

  /** What makes two CARs of the same path differ, for the Etag. */
  String etagInput() {
    return "order=dfs;dups=" + (dups ? "y" : "n") + ";scope=" + scope.label()
        + (entityBytes == null ? "" : ";bytes=" + entityBytes);
  }
}
