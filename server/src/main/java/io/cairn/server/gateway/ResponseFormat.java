package io.cairn.server.gateway;

/**
 * What a request asked for: a raw block, a CAR, or the deserialized content (a file's bytes,
 * a directory listing).
 *
 * @param kind the response type
 * @param car CAR parameters, for {@link Kind#CAR} only (null otherwise)
 * @param fromAccept true when negotiated through {@code Accept} without {@code ?format=}
 */
record ResponseFormat(Kind kind, CarParams car, boolean fromAccept) {
  enum Kind {
    RAW,
    CAR,
    DESERIALIZED
  }

  static final ResponseFormat DESERIALIZED = new ResponseFormat(Kind.DESERIALIZED, null, false);

  /** The {@code format} query value matching this response (for Content-Location). */
  String formatName() {
    return switch (kind) {
      case RAW -> "raw";
      case CAR -> "car";
      case DESERIALIZED -> "";
    };
  }
}
