#!/usr/bin/env bash
# The benchmark of DESIGN.md section 6: riskreg against the floor (bench/floor) and against
# pandas + openpyxl, side by side in one run, then bench/RESULTS.md.
#
#   bash bench/run.sh                  # the full run (about 15 minutes on 2 cores, once built)
#   BENCH_QUICK=1 bash bench/run.sh    # fewer repetitions (about 7 minutes)
#
# Everything it makes goes to bench/data/ (gitignored): the corpora (generated once, kept;
# delete a folder to regenerate it), frozen copies of the binaries, the venv for pandas,
# hyperfine's JSON, GNU time's reports and the outputs of the timed commands.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DATA=bench/data
mkdir -p "$DATA"

if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
    MODE=quick; RUNS_CITY=3; RUNS_BIG=2; RUNS_SCALE=2
else
    MODE=full; RUNS_CITY=10; RUNS_BIG=5; RUNS_SCALE=5
fi
WARMUP=1
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------
apt_install() {
    # apt-get install, with one 'apt-get update' if the package lists are stale or empty.
    apt-get install -y "$@" || { apt-get update && apt-get install -y "$@"; }
}
command -v hyperfine >/dev/null || { say "installing hyperfine"; apt_install hyperfine; }
[[ -x /usr/bin/time ]] || { say "installing GNU time"; apt_install time; }
command -v python3 >/dev/null || { say "installing python3"; apt_install python3 python3-venv; }

# --- builds ----------------------------------------------------------------------------
say "building riskreg, the floor and the corpus generator (release)"
cargo build --release --locked
cargo build --release --manifest-path bench/floor/Cargo.toml
cargo build --release --locked --manifest-path bench/corpus/Cargo.toml
# Time frozen copies: the binaries under target/ may be rebuilt while the benchmark runs.
mkdir -p "$DATA/bin"
cp target/release/riskreg "$DATA/bin/riskreg"
cp bench/floor/target/release/riskreg-floor "$DATA/bin/riskreg-floor"
cp bench/corpus/target/release/riskreg-corpus "$DATA/bin/riskreg-corpus"
RISKREG=$ROOT/$DATA/bin/riskreg
FLOOR=$ROOT/$DATA/bin/riskreg-floor
CORPUS=$ROOT/$DATA/bin/riskreg-corpus

# --- pandas ----------------------------------------------------------------------------
if python3 -c 'import pandas, openpyxl' 2>/dev/null; then
    PYTHON=$(command -v python3)
else
    if ! { [[ -x $DATA/venv/bin/python ]] && "$DATA/venv/bin/python" -c 'import pandas, openpyxl' 2>/dev/null; }; then
        say "creating $DATA/venv with bench/requirements.txt"
        rm -rf "$DATA/venv"
        python3 -m venv "$DATA/venv" || { apt_install python3-venv && python3 -m venv "$DATA/venv"; }
        "$DATA/venv/bin/pip" install --quiet -r bench/requirements.txt
    fi
    PYTHON=$ROOT/$DATA/venv/bin/python
fi

# --- corpora (generated once by bench/corpus; into a temporary folder, then moved, so a
# --- half-written one is never taken for done) ------------------------------------------
# CORPUS_VERSION is written beside each corpus (DATA/CORPUS.version): a corpus whose stamp
# differs is made again. Bump it when riskreg-corpus changes what it writes. (Version 2: the
# generator moved from riskreg to bench/corpus; the big CSV's header gained the event column.)
CORPUS_VERSION=2
ROWS_JSON=$DATA/fixture-rows.json
fixture_rows() { # riskreg's canonical frame of the fixtures, the rows the corpora draw from (once per run)
    [[ -n ${FIXTURE_ROWS_DONE:-} ]] && return 0
    local status=0
    rm -f "$DATA/fixture-rows.tmp.json"
    "$RISKREG" import fixtures/registers -o "$DATA/fixture-rows.tmp.json" --quiet || status=$?
    if (( status > 1 )); then
        echo "bench/run.sh: riskreg import fixtures/registers failed with exit status $status" >&2
        exit 1
    fi
    mv "$DATA/fixture-rows.tmp.json" "$ROWS_JSON"
    FIXTURE_ROWS_DONE=1
}
generate() { # CORPUS [ROWS...]: riskreg-corpus CORPUS into DATA/CORPUS, with --rows for each ROWS
    local corpus=$1; shift
    if [[ -d $DATA/$corpus && "$(cat "$DATA/$corpus.version" 2>/dev/null)" == "$CORPUS_VERSION" ]]; then
        return 0
    fi
    say "generating corpus $corpus"
    fixture_rows
    local args=() rows
    for rows in "$@"; do args+=(--rows "$rows"); done
    case $corpus in
        # The figures of the phrases corpora (distinctness, edits, the same-event relation
        # riskreg has to find): outside the corpus folder, which riskreg walks.
        city-phrases|scale-years) args+=(--check "$DATA/$corpus.check.json") ;;
    esac
    rm -rf "$DATA/$corpus.tmp" "$DATA/$corpus.version"
    "$CORPUS" "$corpus" --from "$ROWS_JSON" -o "$DATA/$corpus.tmp" "${args[@]}"
    rm -rf "$DATA/$corpus"
    mv "$DATA/$corpus.tmp" "$DATA/$corpus"
    echo "$CORPUS_VERSION" >"$DATA/$corpus.version"
}
generate city
generate city-phrases
generate big 500000
generate scale 10000 100000
generate scale-years 10000 100000 500000

CITY=$ROOT/$DATA/city
CITY_PHRASES=$ROOT/$DATA/city-phrases
BIG_XLSX="$ROOT/$DATA/big/VoR 500000.xlsx"
BIG_CSV="$ROOT/$DATA/big/VoR 500000.csv"
SCALE_10K="$ROOT/$DATA/scale/VoR 10000.xlsx"
SCALE_100K="$ROOT/$DATA/scale/VoR 100000.xlsx"
YEARS_10K=$ROOT/$DATA/scale-years/10000
YEARS_100K=$ROOT/$DATA/scale-years/100000
YEARS_500K=$ROOT/$DATA/scale-years/500000
for file in "$BIG_XLSX" "$BIG_CSV" "$SCALE_10K" "$SCALE_100K" "$YEARS_10K/VoR 2022 Bromma.xlsx" "$YEARS_100K/VoR 2022 Bromma.xlsx" "$YEARS_500K/VoR 2022 Bromma.xlsx"; do
    [[ -f $file ]] || { echo "bench/run.sh: $file is missing: delete its corpus folder under $DATA to regenerate it" >&2; exit 1; }
done
OUT=$ROOT/$DATA/out
mkdir -p "$OUT"

# --- the commands ----------------------------------------------------------------------
# NAME -> the command as a shell string. riskreg exits 1 when its output is written but
# something needs attention: for riskreg's commands 0 and 1 both count as success.
declare -A CMD OK1
def() { # NAME riskreg|other ARGV...
    local name=$1 kind=$2; shift 2
    CMD[$name]=$(printf '%q ' "$@")
    [[ $kind == riskreg ]] && OK1[$name]=1 || OK1[$name]=0
}
def city-floor-plain       other   "$FLOOR" plain "$OUT/city-floor-plain.xlsx" "$CITY"
def city-floor-tuned       other   "$FLOOR" tuned "$OUT/city-floor-tuned.xlsx" "$CITY"
def city-riskreg           riskreg "$RISKREG" consolidate "$CITY" -o "$OUT/city-riskreg.xlsx"
def city-pandas            other   "$PYTHON" bench/pandas_consolidate.py "$CITY" "$OUT/city-pandas.xlsx"
def city-phrases-floor-plain other "$FLOOR" plain "$OUT/city-phrases-floor-plain.xlsx" "$CITY_PHRASES"
def city-phrases-riskreg   riskreg "$RISKREG" consolidate "$CITY_PHRASES" -o "$OUT/city-phrases-riskreg.xlsx"
def big-floor-plain        other   "$FLOOR" plain "$OUT/big-floor-plain.xlsx" "$BIG_XLSX"
def big-floor-tuned        other   "$FLOOR" tuned "$OUT/big-floor-tuned.xlsx" "$BIG_XLSX"
def big-riskreg            riskreg "$RISKREG" consolidate "$BIG_XLSX" -o "$OUT/big-riskreg.xlsx"
def read-floor             other   "$FLOOR" read "$BIG_XLSX"
def read-riskreg-import    riskreg "$RISKREG" import "$BIG_XLSX" -o "$OUT/read-riskreg.parquet"
def csv-floor              other   "$FLOOR" csv "$BIG_CSV"
def csv-riskreg-import     riskreg "$RISKREG" import "$BIG_CSV" -o "$OUT/csv-riskreg.parquet"
def scale-import-10000     riskreg "$RISKREG" import "$SCALE_10K" -o "$OUT/scale-10000.parquet"
def scale-import-100000    riskreg "$RISKREG" import "$SCALE_100K" -o "$OUT/scale-100000.parquet"
def scale-import-500000    riskreg "$RISKREG" import "$BIG_XLSX" -o "$OUT/scale-500000.parquet"
def scale-consolidate-10000  riskreg "$RISKREG" consolidate "$SCALE_10K" -o "$OUT/scale-10000.xlsx"
def scale-consolidate-100000 riskreg "$RISKREG" consolidate "$SCALE_100K" -o "$OUT/scale-100000.xlsx"
def scale-consolidate-500000 riskreg "$RISKREG" consolidate "$BIG_XLSX" -o "$OUT/scale-500000.xlsx"
def years-compare-10000    riskreg "$RISKREG" compare "$YEARS_10K" -o "$OUT/years-compare-10000.xlsx"
def years-compare-100000   riskreg "$RISKREG" compare "$YEARS_100K" -o "$OUT/years-compare-100000.xlsx"
def years-compare-500000   riskreg "$RISKREG" compare "$YEARS_500K" -o "$OUT/years-compare-500000.xlsx"

# Each command once under GNU time: a check that it works (its stderr is kept for the report)
# and its peak memory. bash execs the command, so the peak is the command's own.
MEM=$DATA/mem
rm -rf "$MEM"; mkdir -p "$MEM"
measure() { # NAME
    local name=$1 status=0
    /usr/bin/time -v -o "$MEM/$name.time" bash -c "exec ${CMD[$name]}" >"$MEM/$name.out" 2>"$MEM/$name.err" || status=$?
    if (( status > OK1[$name] )); then
        echo "bench/run.sh: $name failed with exit status $status: ${CMD[$name]}" >&2
        tail -n 20 "$MEM/$name.err" >&2
        exit 1
    fi
    awk -v name="$name" -v status="$status" '/Maximum resident set size/ { printf "  %-26s exit %d, peak %7.1f MiB\n", name, status, $NF / 1024 }' "$MEM/$name.time" >&2
}

# hyperfine over several commands, side by side: RUNS rounds of one run of each command in
# turn (A B C A B C …), so that a drift in the speed of a shared machine touches every command
# alike; each round is exported to DATA/JSON.round-N.json and report.py merges them.
compare() { # JSON RUNS NAME...
    local json=$1 runs=$2; shift 2
    local args=() name round
    for name in "$@"; do
        if (( OK1[$name] )); then
            args+=(-n "$name" "${CMD[$name]}; s=\$?; [ \$s -le 1 ]")
        else
            args+=(-n "$name" "${CMD[$name]}")
        fi
    done
    say "timing $json, $runs rounds: $*"
    for (( round = 1; round <= runs; round++ )); do
        hyperfine --shell bash --style none --warmup $(( round == 1 ? WARMUP : 0 )) --runs 1 \
            --export-json "$DATA/$json.round-$round.json" "${args[@]}"
    done
}

# --- run -------------------------------------------------------------------------------
rm -f "$DATA"/*.round-*.json
say "checking every command once, with its peak memory (GNU time)"
for name in city-floor-plain city-floor-tuned city-riskreg city-pandas city-phrases-floor-plain city-phrases-riskreg \
            big-floor-plain big-floor-tuned big-riskreg read-floor read-riskreg-import csv-floor csv-riskreg-import \
            scale-import-10000 scale-import-100000 scale-consolidate-10000 scale-consolidate-100000 \
            years-compare-10000 years-compare-100000 years-compare-500000; do
    measure "$name"
done
# The 500 000-row point of the scale corpus is the big workbook: its peaks are big-riskreg's
# and read-riskreg-import's.

compare city            "$RUNS_CITY"  city-floor-plain city-floor-tuned city-riskreg city-pandas
compare city-phrases    "$RUNS_CITY"  city-phrases-floor-plain city-phrases-riskreg
compare big-consolidate "$RUNS_BIG"   big-floor-plain big-floor-tuned big-riskreg
compare big-read        "$RUNS_BIG"   read-floor read-riskreg-import
compare big-csv         "$RUNS_BIG"   csv-floor csv-riskreg-import
compare scale           "$RUNS_SCALE" scale-import-10000 scale-import-100000 scale-import-500000 \
                                      scale-consolidate-10000 scale-consolidate-100000 scale-consolidate-500000
compare scale-years     "$RUNS_SCALE" years-compare-10000 years-compare-100000 years-compare-500000

# --- versions, then the report ---------------------------------------------------------
{
    echo "mode: $MODE (warmup $WARMUP; runs: city $RUNS_CITY, big $RUNS_BIG, scale $RUNS_SCALE)"
    echo "riskreg: $("$RISKREG" --version)"
    head=$(cat .git/HEAD 2>/dev/null || true)
    if [[ $head == "ref: "* ]]; then
        ref=${head#ref: }
        commit=$(cat ".git/$ref" 2>/dev/null || awk -v ref="$ref" '$2 == ref { print $1 }' .git/packed-refs 2>/dev/null || true)
        echo "riskreg commit: ${commit:-unknown} (${ref#refs/heads/}; the work tree may have uncommitted changes)"
    elif [[ -n $head ]]; then
        echo "riskreg commit: $head (detached)"
    fi
    echo "rustc: $(rustc --version)"
    echo "corpora: bench/corpus (riskreg-corpus, corpus version $CORPUS_VERSION, seed 2026), drawn from riskreg import fixtures/registers"
    echo "floor: calamine $(sed -n 's/^calamine = "=\?\([^"]*\)".*/\1/p' bench/floor/Cargo.toml), rust_xlsxwriter $(sed -n 's/^rust_xlsxwriter = { version = "=\?\([^"]*\)".*/\1/p' bench/floor/Cargo.toml)"
    echo "python: $("$PYTHON" -c 'import sys, pandas, openpyxl; print(sys.version.split()[0], "pandas", pandas.__version__, "openpyxl", openpyxl.__version__)')"
    echo "hyperfine: $(hyperfine --version | awk '{ print $2 }')"
    echo "GNU time: $(dpkg-query -W -f='${Version}' time 2>/dev/null || /usr/bin/time --version 2>&1 | head -n 1)"
    echo "kernel: $(uname -srm)"
    echo "load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (near 0 on an idle machine; near or above the CPU count, other work competed with the benchmark)"
} >"$DATA/versions.txt"

say "writing bench/RESULTS.md"
python3 bench/report.py "$DATA" bench/RESULTS.md
cat bench/RESULTS.md
