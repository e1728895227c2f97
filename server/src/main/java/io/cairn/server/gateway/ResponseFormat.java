package io.cairn.server.gateway;

/**
 * What a request asked for: a raw block, a CAR, the deserialized content (a file's bytes,
 * a directory listing), or a name's IPNS record.
 *
 * @param kind the response type
 * @param car CAR parameters, for {@link Kind#CAR} only (null otherwise)
 * @param fromAccept true when negotiated through {@code Accept} without {@code ?format=}
 */
record ResponseFormat(Kind kind, CarParams car, boolean fromAccept) {
  enum Kind {
    RAW,
    CAR,
    DESERIALIZED,
    /** The signed IPNS record of an {@code /ipns/} name. */
    IPNS_RECORD
  }

  static final ResponseFormat DESERIALIZED = new ResponseFormat(Kind.DESERIALIZED, null, false);

  /** The {@code format} query value matching this response (for Content-Location). */
  String formatName() {
    return switch (kind) {
      case RAW -> "raw";
      case CAR -> "car";
      case DESERIALIZED -> "";
      case IPNS_RECORD -> "ipns-record";
    };
  }
}
