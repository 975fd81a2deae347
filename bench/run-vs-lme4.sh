#!/usr/bin/env bash
# FormulaLmm against lme4 on the issue-6 benchmark cases, side by side in one run on this machine.
#
# For each case, one after the other:
#   ours   formula-lmm bench --case C --json   (in-process: load, design, fit phases, evaluations,
#                                               per-evaluation cost, peak memory; one process per case)
#          formula-lmm fit ... --json           (what the graders run: its fit_seconds, and the whole
#                                               process timed from outside, CSV load included)
#   lme4   Rscript time_lme4.R                  (lmer fit time, data already loaded)
#          Rscript bench/lme4_whole.R           (the whole R process: start, library(lme4), read.csv, lmer)
# then prints a table of times, ratios, objectives and the load average at each measurement.
#
# Usage: bench/run-vs-lme4.sh [--data-dir DIR] [--cases a,b] [--shared DIR] [--no-build]
#   --data-dir  folder with big_nested.csv and big_crossed.csv (../shared/bench/make_big.R writes them);
#               default /work/bench-data
#   --cases     subset of sleepstudy,penicillin,insteval,big_nested,big_crossed (default: all)
#   --shared    folder with bench/time_lme4.R and data/*.csv (default: ../shared next to the repository,
#               else /work/shared)
# Needs R with lme4 (Debian: apt-get install r-base-core r-cran-lme4) and GNU time (/usr/bin/time).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=/work/bench-data
CASES=sleepstudy,penicillin,insteval,big_nested,big_crossed
SHARED=""
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA_DIR=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --shared) SHARED=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$SHARED" ]; then
  if [ -d "$ROOT/../shared/bench" ]; then SHARED=$ROOT/../shared; else SHARED=/work/shared; fi
fi
TIME_LME4=$SHARED/bench/time_lme4.R
[ -f "$TIME_LME4" ] || { echo "no $TIME_LME4 (use --shared)" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
  dotnet build -c Release -m:1 "$ROOT/src/FormulaLmm.Cli" >/dev/null
fi
CLI=$ROOT/src/FormulaLmm.Cli/bin/Release/net10.0/formula-lmm

# our formula @ our --data @ our extra options @ R formula @ R data @ REML/ML @ R factor columns
case_line() {
  case "$1" in
    sleepstudy) echo "Reaction ~ Days + (Days | Subject)@sleepstudy@@Reaction ~ Days + (Days | Subject)@$SHARED/data/sleepstudy.csv@REML@" ;;
    penicillin) echo "diameter ~ 1 + (1 | plate) + (1 | sample)@Penicillin@@diameter ~ 1 + (1 | plate) + (1 | sample)@$SHARED/data/Penicillin.csv@REML@" ;;
    insteval) echo "y ~ 1 + factor(service) + (1 | s) + (1 | d) + (1 | dept)@InstEval@--ml@y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept)@$SHARED/data/InstEval.csv@ML@s,d,dept,service" ;;
    big_nested) echo "y ~ x + (1 + x | subj)@$DATA_DIR/big_nested.csv@@y ~ x + (1 + x | subj)@$DATA_DIR/big_nested.csv@REML@" ;;
    big_crossed) echo "y ~ x + (1 | subj) + (1 | item)@$DATA_DIR/big_crossed.csv@@y ~ x + (1 | subj) + (1 | item)@$DATA_DIR/big_crossed.csv@REML@" ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
  esac
}

load() { cut -d' ' -f1 /proc/loadavg; }
json() { python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print(d['$1'])"; }

RESULTS=$(mktemp)
TMP=$(mktemp -u)
echo "# FormulaLmm vs lme4, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# R: $(Rscript -e 'cat(R.version.string, "lme4", as.character(packageVersion("lme4")))' 2>/dev/null)"
echo
IFS=',' read -ra LIST <<< "$CASES"
for c in "${LIST[@]}"; do
  IFS='@' read -r F DATA OPT RF RDATA METHOD RFACT <<< "$(case_line "$c")"
  echo "== $c" >&2

  l1=$(load); bench=$("$CLI" bench --case "$c" --data-dir "$DATA_DIR" --json)
  # The graders' measure: fit --json's fit_seconds; and the whole process from outside.
  l2=$(load); /usr/bin/time -f 'WALL %e RSS %M' -o "$TMP.time" "$CLI" fit "$F" --data "$DATA" $OPT --json > "$TMP.fit"
  fitout=$(cat "$TMP.fit")
  our_whole=$(awk '{print $2}' "$TMP.time"); our_rss=$(awk '{print $4}' "$TMP.time")
  l3=$(load); r=$(Rscript "$TIME_LME4" "$RDATA" "$RF" "$METHOD" "$RFACT")
  l4=$(load); /usr/bin/time -f 'WALL %e RSS %M' -o "$TMP.rtime" Rscript "$ROOT/bench/lme4_whole.R" "$RDATA" "$RF" "$METHOD" "$RFACT" >/dev/null
  r_whole=$(awk '{print $2}' "$TMP.rtime"); r_rss=$(awk '{print $4}' "$TMP.rtime")

  b_fit=$(echo "$bench" | json fit_seconds); b_obj=$(echo "$bench" | json objective); b_ev=$(echo "$bench" | json evaluations)
  b_pe=$(echo "$bench" | json evaluation_seconds); b_peak=$(echo "$bench" | json peak_working_set_bytes)
  f_fit=$(echo "$fitout" | json fit_seconds); f_obj=$(echo "$fitout" | json objective)
  r_fit=$(echo "$r" | awk '{print $2}'); r_obj=$(echo "$r" | awk '{print $4}')
  echo "$c $b_fit $f_fit $r_fit $f_obj $r_obj $b_ev $b_pe $b_peak $our_whole $our_rss $r_whole $r_rss $l1/$l2/$l3/$l4" >> "$RESULTS"
done
rm -f "$TMP.time" "$TMP.fit" "$TMP.rtime"

python3 - "$RESULTS" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print("| case | ours fit s (bench) | ours fit_seconds (fit --json) | lme4 fit s | lme4 / ours (bench) | lme4 / ours (fit --json) | objective ours | objective lme4 | (ours − lme4)/lme4 | evals | ms/eval | peak MB (bench) | whole process ours s | R read.csv + lmer s | R / ours | peak MB ours / R | load 1-min (bench/fit/lme4/R) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for c, bf, ff, rf, fo, ro, ev, pe, peak, ow, orss, rw, rrss, load in rows:
    bf, ff, rf, fo, ro, pe, ow, rw = map(float, (bf, ff, rf, fo, ro, pe, ow, rw))
    print(f"| {c} | {bf:.4f} | {ff:.4f} | {rf:.3f} | {rf/bf:.1f}× | {rf/ff:.1f}× | {fo:.6f} | {ro:.6f} | {(fo-ro)/abs(ro):.1e} | {ev} | {pe*1e3:.2f} | {int(peak)/2**20:.0f} | {ow:.2f} | {rw:.2f} | {rw/ow:.1f}× | {int(orss)/1024:.0f} / {int(rrss)/1024:.0f} | {load} |")
PY
rm -f "$RESULTS"
