#!/usr/bin/env bash
# Times zhengfeng against Hugo on generated sites, side by side in one run.
#
#   bench/run.sh [RUNS]          # default 5 runs per tool and size
#
# For each size (1k, 10k, 50k cases) it generates the site (examples/gen_bench.rs), then builds
# it alternately with zhengfeng and Hugo, RUNS times each, with both outputs in RAM (/dev/shm)
# and again on disk for 10k, and prints the median wall time, CPU time and peak memory
# (/usr/bin/time -v), and the ratio zhengfeng / Hugo. Also times `check` against `build`.
#
#   PARTS=1 bench/run.sh [RUNS]  # instead: what the 10,000-case ratio is made of
#
# builds the 10,000-case site whole, then without its scorecards, then also without its ledger
# and trainings, each alternated with Hugo's build of the same cases.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SIZES=${SIZES:-"1000 10000 50000"}
command -v hugo >/dev/null || { echo "bench: installing hugo and time" >&2; apt-get install -y -qq hugo time >/dev/null; }
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cargo build --release --quiet --bin zhengfeng --example gen_bench
ZF=$PWD/target/release/zhengfeng
GEN=$PWD/target/release/examples/gen_bench

# measure LABEL CMD... -> prints "wall cpu maxrss_mb" of one run
measure() {
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  rm -f "$log"
  echo "$wall $cpu $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

[ "${PARTS:-0}" = 1 ] || printf "%-8s %-14s %9s %9s %9s\n" size tool "wall (s)" "cpu (s)" "peak MiB"
run_size() {
  local n=$1 where=$2
  local base=$where/zfbench-$n
  rm -rf "$base"; mkdir -p "$base"
  "$GEN" "$n" "$base" >/dev/null
  local zw=() zc=() zr=() hw=() hc=() hr=() cw=()
  for i in $(seq "$RUNS"); do
    rm -rf "$base/zf-out" "$base/hugo-out"
    read -r w c r < <(measure "$ZF" build --quiet --site "$base/zf" --output "$base/zf-out"); zw+=("$w"); zc+=("$c"); zr+=("$r")
    read -r w c r < <(measure hugo --quiet -s "$base/hugo" -d "$base/hugo-out"); hw+=("$w"); hc+=("$c"); hr+=("$r")
    read -r w c r < <(measure "$ZF" check --site "$base/zf"); cw+=("$w")
  done
  local zwm hwm
  zwm=$(printf "%s\n" "${zw[@]}" | median); hwm=$(printf "%s\n" "${hw[@]}" | median)
  printf "%-8s %-14s %9s %9s %9s\n" "$n" "zhengfeng" "$zwm" "$(printf "%s\n" "${zc[@]}" | median)" "$(printf "%s\n" "${zr[@]}" | median)"
  printf "%-8s %-14s %9s %9s %9s\n" "$n" "hugo" "$hwm" "$(printf "%s\n" "${hc[@]}" | median)" "$(printf "%s\n" "${hr[@]}" | median)"
  printf "%-8s %-14s %9s\n" "$n" "zf check" "$(printf "%s\n" "${cw[@]}" | median)"
  awk -v z="$zwm" -v h="$hwm" -v n="$n" -v w="$where" 'BEGIN {printf "%-8s ratio zhengfeng/hugo = %.2f (%s)\n", n, z/h, w}'
  rm -rf "$base"
}
# run_parts: the 10,000-case site whole and with parts of its content left out, each against Hugo.
run_parts() {
  local base=/dev/shm/zfbench-parts
  rm -rf "$base"; mkdir -p "$base"
  "$GEN" 10000 "$base" >/dev/null
  local label dirs
  for variant in "whole:" "without scorecards:scorecards" "without scorecards, ledger, trainings:scorecards rectifications trainings"; do
    label=${variant%%:*}; dirs=${variant#*:}
    rm -rf "$base/part"; cp -r "$base/zf" "$base/part"
    for d in $dirs; do rm -rf "$base/part/content/$d"; done
    local zw=() zc=() hw=()
    for i in $(seq "$RUNS"); do
      rm -rf "$base/zf-out" "$base/hugo-out"
      read -r w c r < <(measure "$ZF" build --quiet --site "$base/part" --output "$base/zf-out"); zw+=("$w"); zc+=("$c")
      read -r w c r < <(measure hugo --quiet -s "$base/hugo" -d "$base/hugo-out"); hw+=("$w")
    done
    awk -v l="$label" -v z="$(printf "%s\n" "${zw[@]}" | median)" -v c="$(printf "%s\n" "${zc[@]}" | median)" -v h="$(printf "%s\n" "${hw[@]}" | median)" \
      'BEGIN {printf "10000 %-40s zhengfeng %5.2f s (cpu %5.2f s)  hugo %5.2f s  ratio %.2f\n", l, z, c, h, z/h}'
  done
  rm -rf "$base"
}
if [ "${PARTS:-0}" = 1 ]; then run_parts; exit 0; fi

for n in $SIZES; do run_size "$n" /dev/shm; done
[ "${DISK:-1}" = 1 ] && run_size 10000 "$PWD/target"
