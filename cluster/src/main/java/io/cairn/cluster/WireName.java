package io.cairn.cluster;

import io.cairn.codec.MalformedDataException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum constant with the name it has on the wire: in the cluster's records and IPFS Cluster's REST API. */
interface WireName {
  String wireName();

  /**
   * The constant among {@code values} whose wire name is {@code text}; otherwise a
   * {@link MalformedDataException} naming {@code what} and the names accepted.
   */
  static <E extends Enum<E> & WireName> E parse(E[] values, String text, String what) throws MalformedDataException {
    for (E e : values) {
      if (e.wireName().equals(text)) {
        return e;
      }
    }
    throw new MalformedDataException(what, -1, "unknown " + what + " '" + text + "' (one of: "
        + Arrays.stream(values).map(WireName::wireName).collect(Collectors.joining(", ")) + ")");
  }
}
