# Shared helpers for the benchmarks: timing, medians, deterministic inputs.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Seconds (with fractions) that a command takes; its output goes to $bench_out/last.out.
bench_time() {
  local start end
  start=$(date +%s.%N)
  "$@" >"$bench_out/last.out" 2>"$bench_out/last.err" || { echo "bench: '$*' failed:" >&2; cat "$bench_out/last.err" >&2; return 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

# Median of the numbers given as arguments.
bench_median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# A file of $2 bytes of deterministic pseudo-random data (AES-CTR keystream) at $1.
bench_make_file() {
  local path=$1 size=$2
  if [ -f "$path" ] && [ "$(stat -c %s "$path")" = "$size" ]; then
    return 0
  fi
  # openssl ends on SIGPIPE when head has enough, so the pipeline's status is head's alone.
  { openssl enc -aes-128-ctr -pass pass:cairn-bench -nosalt -pbkdf2 </dev/zero 2>/dev/null || true; } | head -c "$size" >"$path.tmp"
  mv "$path.tmp" "$path"
}

# /usr/bin/time (Debian package "time") measures peak memory; install it when missing.
if [ ! -x /usr/bin/time ]; then
  . "$bench_root/bin/lib/deps.sh"
  cairn_apt_install time
fi

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }
