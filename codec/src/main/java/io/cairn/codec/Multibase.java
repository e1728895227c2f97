package io.cairn.codec;

import java.util.Arrays;

/**
 * Multibase text encodings of bytes, each named by a one-character prefix. Cairn writes
 * base32 (lower, unpadded, the default for CIDv1), base58btc, base36 and base16; it also
 * reads the upper-case forms of base32, base36 and base16.
 */
public enum Multibase {
  BASE16('f', "0123456789abcdef"),
  BASE16_UPPER('F', "0123456789ABCDEF"),
  BASE32('b', "abcdefghijklmnopqrstuvwxyz234567"),
  BASE32_UPPER('B', "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
  BASE36('k', "0123456789abcdefghijklmnopqrstuvwxyz"),
  BASE36_UPPER('K', "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
  BASE58BTC('z', "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");

  private final char prefix;
  private final String alphabet;
  private final byte[] decodeTable = new byte[128];

  Multibase(char prefix, String alphabet) {
    this.prefix = prefix;
    this.alphabet = alphabet;
    Arrays.fill(decodeTable, (byte) -1);
    for (int i = 0; i < alphabet.length(); i++) {
      decodeTable[alphabet.charAt(i)] = (byte) i;
    }
  }

  public char prefix() {
    return prefix;
  }

  /** The base for a multibase prefix character, if Cairn knows it. */
  public static Multibase forPrefix(char prefix) throws MalformedDataException {
    for (Multibase b : values()) {
      if (b.prefix == prefix) {
        return b;
      }
    }
    throw new MalformedDataException("multibase prefix", 0, "unsupported multibase prefix '" + prefix + "'");
  }

  /** Prefix + encoding. */
  public String encode(byte[] data) {
    return prefix + encodeBare(data);
  }

  /** Decodes a prefixed multibase string. */
  public static byte[] decode(String text) throws MalformedDataException {
    if (text.isEmpty()) {
      throw new MalformedDataException("multibase", 0, "empty string");
    }
    return forPrefix(text.charAt(0)).decodeBare(text, 1);
  }

  /** The encoding alone, without the prefix. */
  public String encodeBare(byte[] data) {
    return switch (this) {
      case BASE16, BASE16_UPPER -> encodeBits(data, 4);
      case BASE32, BASE32_UPPER -> encodeBits(data, 5);
      case BASE36, BASE36_UPPER, BASE58BTC -> encodeRadix(data);
    };
  }

  /** Decodes {@code text} from index {@code from} (offsets in errors count from 0 of text). */
  public byte[] decodeBare(String text, int from) throws MalformedDataException {
    return switch (this) {
      case BASE16, BASE16_UPPER -> decodeBits(text, from, 4);
      case BASE32, BASE32_UPPER -> decodeBits(text, from, 5);
      case BASE36, BASE36_UPPER, BASE58BTC -> decodeRadix(text, from);
    };
  }

  private String encodeBits(byte[] data, int bits) {
    StringBuilder sb = new StringBuilder((data.length * 8 + bits - 1) / bits);
    int buffer = 0;
    int count = 0;
    int mask = (1 << bits) - 1;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      count += 8;
      while (count >= bits) {
        count -= bits;
        sb.append(alphabet.charAt((buffer >>> count) & mask));
      }
    }
    if (count > 0) {
      sb.append(alphabet.charAt((buffer << (bits - count)) & mask));
    }
    return sb.toString();
  }

  private byte[] decodeBits(String text, int from, int bits) throws MalformedDataException {
    int n = text.length() - from;
    int outLen = (int) ((long) n * bits / 8);
    int leftoverBits = n * bits - outLen * 8;
    if (leftoverBits >= bits) { // a whole spare character cannot happen in a valid encoding
      throw new MalformedDataException(name().toLowerCase(), text.length() - 1, "invalid length " + n);
    }
    byte[] out = new byte[outLen];
    int buffer = 0;
    int count = 0;
    int o = 0;
    for (int i = from; i < text.length(); i++) {
      int v = digit(text, i);
      buffer = (buffer << bits) | v;
      count += bits;
      if (count >= 8) {
        count -= 8;
        out[o++] = (byte) (buffer >>> count);
      }
      buffer &= (1 << count) - 1;
    }
    if (buffer != 0) {
      throw new MalformedDataException(name().toLowerCase(), text.length() - 1, "non-zero padding bits");
    }
    return out;
  }

  private String encodeRadix(byte[] data) {
    int radix = alphabet.length();
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    // Repeated division of a base-256 big-endian number, done in place.
    byte[] num = Arrays.copyOfRange(data, zeros, data.length);
    int start = 0;
    while (start < num.length) {
      int rem = 0;
      for (int i = start; i < num.length; i++) {
        int acc = (rem << 8) | (num[i] & 0xff);
        num[i] = (byte) (acc / radix);
        rem = acc % radix;
      }
      sb.append(alphabet.charAt(rem));
      while (start < num.length && num[start] == 0) {
        start++;
      }
    }
    for (int i = 0; i < zeros; i++) {
      sb.append(alphabet.charAt(0));
    }
    return sb.reverse().toString();
  }

  private byte[] decodeRadix(String text, int from) throws MalformedDataException {
    int radix = alphabet.length();
    int zeros = 0;
    while (from + zeros < text.length() && text.charAt(from + zeros) == alphabet.charAt(0)) {
      zeros++;
    }
    // Big-endian base-256 accumulator, grown as needed.
    byte[] acc = new byte[text.length() - from];
    int len = 0; // significant bytes at the end of acc
    for (int i = from + zeros; i < text.length(); i++) {
      int carry = digit(text, i);
      for (int j = acc.length - 1; j >= acc.length - len; j--) {
        carry += (acc[j] & 0xff) * radix;
        acc[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        len++;
        acc[acc.length - len] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + len];
    System.arraycopy(acc, acc.length - len, out, zeros, len);
    return out;
  }

  private int digit(String text, int i) throws MalformedDataException {
    char c = text.charAt(i);
    int v = c < 128 ? decodeTable[c] : -1;
    if (v < 0) {
      throw new MalformedDataException(name().toLowerCase(), i, "invalid character '" + c + "'");
    }
    return v;
  }
}
