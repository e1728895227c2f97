package io.cairn.unixfs;

import io.cairn.codec.Cid;
import java.io.IOException;

/** Asked to read the bytes of something that is not a file. */
public class NotAFileException extends IOException {
  public NotAFileException(Cid cid, UnixfsEntry.Kind kind) {
    super(cid + " is a " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", not a file");
  }
}
