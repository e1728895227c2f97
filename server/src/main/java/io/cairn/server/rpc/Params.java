package io.cairn.server.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * A request's query parameters read as go-ipfs-cmds reads them: {@code arg} values (repeated, in
 * order) are the arguments; every other key is an option, looked up by any of its names (long
 * and short, {@code quiet} or {@code q}). Booleans accept Go's spellings ({@code true}, {@code 1},
 * {@code f}, …) and an empty value ({@code ?quiet}) means true; integers accept Go's base
 * prefixes ({@code 0x}, {@code 0o}, {@code 0b}, a leading {@code 0} for octal). Unknown options
 * are ignored, as Kubo ignores them; an option given twice, or under two of its names, is refused.
 */
final class Params {
  private final Fields query;
  private final List<String> args;

  Params(Fields query, List<String> pathArgs) {
    this.query = query;
    List<String> a = new ArrayList<>(pathArgs);
    a.addAll(query.getValuesOrEmpty("arg"));
    this.args = List.copyOf(a);
  }

  /** Every argument, in order. */
  List<String> args() {
    return args;
  }

  /** The arguments, refusing none when {@code what} is required. */
  List<String> args(String what) throws RpcException {
    if (args.isEmpty()) {
      throw RpcException.badRequest("argument \"" + what + "\" is required");
    }
    return args;
  }

  /** The first argument (a required one). */
  String arg(String what) throws RpcException {
    return args(what).get(0);
  }

  Optional<String> string(String... names) throws RpcException {
    String found = null;
    String foundName = null;
    for (String n : names) {
      List<String> v = query.getValues(n);
      if (v == null || v.isEmpty()) {
        continue;
      }
      if (v.size() > 1) {
        throw RpcException.badRequest("expected key " + names[0] + " to have only a single value, received " + v);
      }
      if (found != null) {
        throw RpcException.badRequest("duplicate command options were provided (\"" + foundName + "\" and \"" + n + "\")");
      }
      found = v.get(0);
      foundName = n;
    }
    return Optional.ofNullable(found);
  }

  String stringOr(String dflt, String... names) throws RpcException {
    return string(names).orElse(dflt);
  }

  Optional<Boolean> bool(String... names) throws RpcException {
    Optional<String> v = string(names);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
      case "", "1", "t", "true" -> true;
      case "0", "f", "false" -> false;
      default -> throw conversion(v.get(), "bool", names[0]);
    });
  }

  boolean flag(boolean dflt, String... names) throws RpcException {
    return bool(names).orElse(dflt);
  }

  Optional<Long> int64(String... names) throws RpcException {
    Optional<String> v = string(names);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parseGoInt(v.get()));
    } catch (NumberFormatException e) {
      throw conversion(v.get(), "int64", names[0]);
    }
  }

  Optional<Integer> int32(String... names) throws RpcException {
    Optional<Long> v = int64(names);
    if (v.isPresent() && (v.get() < Integer.MIN_VALUE || v.get() > Integer.MAX_VALUE)) {
      throw conversion(Long.toString(v.get()), "int", names[0]);
    }
    return v.map(Long::intValue);
  }

  private static RpcException conversion(String value, String type, String name) {
    String what = value.isEmpty() ? "empty value" : "value \"" + value + "\"";
    return RpcException.badRequest("could not convert " + what + " to type \"" + type + "\" (for option \"-" + name + "\")");
  }

  /** Go's strconv.ParseInt with base 0. */
  static long parseGoInt(String s) {
    String t = s;
    boolean negative = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      negative = t.charAt(0) == '-';
      t = t.substring(1);
    }
    int radix = 10;
    if (t.length() > 2 && t.charAt(0) == '0') {
      switch (Character.toLowerCase(t.charAt(1))) {
        case 'x' -> {
          radix = 16;
          t = t.substring(2);
        }
        case 'o' -> {
          radix = 8;
          t = t.substring(2);
        }
        case 'b' -> {
          radix = 2;
          t = t.substring(2);
        }
        default -> {
          radix = 8;
          t = t.substring(1);
        }
      }
    } else if (t.length() == 2 && t.charAt(0) == '0') {
      radix = 8;
      t = t.substring(1);
    }
    if (t.isEmpty() || t.charAt(0) == '+' || t.charAt(0) == '-') {
      throw new NumberFormatException(s);
    }
    return Long.parseLong(negative ? "-" + t : t, radix);
  }
}
