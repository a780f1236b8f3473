#!/usr/bin/env bash
# The regression gate's false-alarm rate, measured: PAIRS pairs of runs of one build (A/A) at one
# profile, each pair compared with `bench compare`. A pair whose comparison exits 1 is a false alarm
# (nothing changed between the two runs but time). Prints one line per pair and the total.
#
#   scripts/aa-false-alarms.sh [PAIRS (20)] [PROFILE (smoke)] [extra bench run options...]
#
# Uses a frozen copy of the CLI (jar and lib/), so editing the sources meanwhile does not rebuild it
# mid-way; it builds the CLI first only when there is none (run ./bench once to rebuild a stale one).
# Runs go to reports/ as usual; the comparisons and a summary to reports/aa-<time>/.
set -euo pipefail
pairs="${1:-20}"; profile="${2:-smoke}"; shift $(( $# > 2 ? 2 : $# )) || true
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/reports/aa-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
[ -f "$root/cli/target/apex-bench.jar" ] || "$root/bench" --version >/dev/null
cp -r "$root/cli/target/apex-bench.jar" "$root/cli/target/lib" "$out/"
bench() { java ${APEX_BENCH_JAVA_OPTS:--Xmx2g} --add-opens=java.base/java.lang=ALL-UNNAMED -Dapex.home="$root" -jar "$out/apex-bench.jar" "$@"; }

alarms=0; refused=0
for i in $(seq 1 "$pairs"); do
  dirs=()
  for side in a b; do
    rc=0; bench run --profile "$profile" "$@" >"$out/run-$i$side.log" 2>&1 || rc=$?
    if [ "$rc" -eq 2 ]; then echo "pair $i: run $side failed (exit 2), see $out/run-$i$side.log" >&2; exit 2; fi
    dirs+=("$root/reports/$(readlink "$root/reports/latest")")
  done
  rc=0; bench compare "${dirs[0]}" "${dirs[1]}" --out "$out/pair-$i" >"$out/pair-$i.txt" 2>&1 || rc=$?
  case "$rc" in
    0) verdict="no regression" ;;
    1) verdict="FALSE ALARM: $(grep -c ' regression$' "$out/pair-$i.txt") metric(s)"; alarms=$((alarms + 1)) ;;
    *) verdict="refused: $(tail -1 "$out/pair-$i.txt")"; refused=$((refused + 1)) ;;
  esac
  echo "pair $i: $(basename "${dirs[0]}") vs $(basename "${dirs[1]}"): $verdict" | tee -a "$out/summary.txt"
done
echo "$alarms of $pairs A/A pairs ($profile profile) flagged a regression; $refused refused" | tee -a "$out/summary.txt"
