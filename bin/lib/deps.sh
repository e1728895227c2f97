# Sourced by bin/* scripts: installs what the project needs from Debian when it is missing.

cairn_apt_install() { # package...
  if [ "$(id -u)" != 0 ]; then
    echo "cairn: missing $*; install it with: sudo apt-get install $*" >&2
    return 1
  fi
  echo "cairn: installing $* (apt-get)…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >&2
}

cairn_need() { # command package
  command -v "$1" >/dev/null 2>&1 || cairn_apt_install "$2"
}
