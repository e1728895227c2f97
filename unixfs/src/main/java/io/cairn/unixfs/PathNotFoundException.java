package io.cairn.unixfs;

import java.io.IOException;

/** A path that does not lead anywhere in the DAG. */
public class PathNotFoundException extends IOException {
  public PathNotFoundException(String path, String why) {
    super("no link named '" + path + "': " + why);
  }
}
