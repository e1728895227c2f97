# Sourced by bin/* scripts: finds a JDK 21+ and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm (newest first).

cairn_java_major() { # $1 = java home; sets CAIRN_JAVA_MAJOR to its feature version, or to nothing
  # Bash builtins only where it can: this runs before every command, and each fork costs ms.
  local rel="$1/release" line
  CAIRN_JAVA_MAJOR=
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$rel" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) line=${line#JAVA_VERSION=\"}; CAIRN_JAVA_MAJOR=${line%%[!0-9]*}; break ;;
      esac
    done <"$rel"
  else
    CAIRN_JAVA_MAJOR=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
}

# File names are bytes on Linux; Java decodes them with the locale's charset, so insist on UTF-8.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *UTF-8*|*utf8*|*UTF8*|*utf-8*) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac

cairn_find_java() {
  local home best= best_v=0 java
  if [ -n "${JAVA_HOME:-}" ]; then
    cairn_java_major "$JAVA_HOME"
    [ -n "$CAIRN_JAVA_MAJOR" ] && [ "$CAIRN_JAVA_MAJOR" -ge 21 ] && { cairn_use_java "$JAVA_HOME"; return 0; }
  fi
  if java=$(command -v java); then
    java=$(readlink -f "$java")
    home=${java%/bin/java}
    cairn_java_major "$home"
    [ -n "$CAIRN_JAVA_MAJOR" ] && [ "$CAIRN_JAVA_MAJOR" -ge 21 ] && { cairn_use_java "$home"; return 0; }
  fi
  for home in /usr/lib/jvm/*/; do # the newest JDK there
    home=${home%/}
    cairn_java_major "$home"
    if [ -n "$CAIRN_JAVA_MAJOR" ] && [ "$CAIRN_JAVA_MAJOR" -gt "$best_v" ]; then
      best=$home best_v=$CAIRN_JAVA_MAJOR
    fi
  done
  [ "$best_v" -ge 21 ] && { CAIRN_JAVA_MAJOR=$best_v; cairn_use_java "$best"; return 0; }
  echo "cairn: no Java 21 or newer found (looked at \$JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
  echo "cairn: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+, or set JAVA_HOME." >&2
  return 1
}

cairn_use_java() { # $1 = the java home chosen (its version in CAIRN_JAVA_MAJOR)
  export JAVA_HOME="$1"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8 calls sun.misc.Unsafe; JDK 24+ warns about it on every run unless allowed.
  if [ "$CAIRN_JAVA_MAJOR" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
