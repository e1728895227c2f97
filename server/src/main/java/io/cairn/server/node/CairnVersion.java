package io.cairn.server.node;

import java.util.Locale;

/** Cairn's version, and the platform in the words Kubo's {@code version} uses. */
public final class CairnVersion {
  public static final String VERSION = "0.1.0";

  private CairnVersion() {}

  /** {@code cairn/0.1.0}, the agent name a node gives peers and clients. */
  public static String agent() {
    return "cairn/" + VERSION;
  }

  /** The platform as Go names it, e.g. {@code amd64/linux}. */
  public static String system() {
    String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
    arch = switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      default -> arch;
    };
    String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      os = "darwin";
    } else if (os.startsWith("windows")) {
      os = "windows";
    } else if (os.contains("linux")) {
      os = "linux";
    } else if (os.contains("freebsd")) {
      os = "freebsd";
    }
    return arch + "/" + os;
  }
}
