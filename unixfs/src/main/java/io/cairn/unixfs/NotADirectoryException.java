package io.cairn.unixfs;

import io.cairn.codec.Cid;
import java.io.IOException;

/** Asked to list something that is not a directory. */
public class NotADirectoryException extends IOException {
  public NotADirectoryException(Cid cid) {
    super(cid + " is not a directory");
  }
}
