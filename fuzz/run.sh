#!/usr/bin/env bash
# Seeds the corpora and runs the fuzz targets for a fixed number of executions.
#
#   fuzz/run.sh [import-runs] [unpack-runs]    the file-format targets (as before)
#   fuzz/run.sh model [runs] [max-len]         the structure-aware model target, with
#                                              libFuzzer's per-input limits: an input slower
#                                              than 2 s or above 1 GB fails like a crash
#   fuzz/run.sh history [runs]             any bytes as a model's edit history: read, merged,
#                                              with the same per-input limits
#   fuzz/run.sh dump <artifact>...             writes the model JSON each artifact builds
#                                              to fuzz/regressions/model/ (for the tests)
#
# Works from anywhere. Uses the nightly toolchain when rustup has one; otherwise the
# stable one with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs nightly-only flags). Needs
# cargo-fuzz (`cargo install cargo-fuzz --locked`). Prints the executions, the slowest
# input's time and the peak memory at the end of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
unset CARGO_TARGET_DIR # fuzz builds live in fuzz/target

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz() { cargo +nightly fuzz "$@"; }
else
  fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi

# libFuzzer's final statistics, in words.
summary() {
  local log=$1
  grep -E 'stat::number_of_executed_units|stat::slowest_unit_time_sec|stat::peak_rss_mb|Test unit written|SUMMARY|ERROR:' "$log" || true
}

case "${1:-}" in
  model)
    runs=${2:-1000000}
    max_len=${3:-16384}
    mkdir -p fuzz/corpus/model fuzz/artifacts/model
    log=$(mktemp)
    status=0
    # -timeout / -rss_limit_mb turn a slow or memory-hungry input into a failure.
    # -report_slow_units logs every input slower than 0.5 s, with its time.
    fuzz run --sanitizer none model fuzz/corpus/model -- \
      -runs="$runs" -max_len="$max_len" -timeout=2 -rss_limit_mb=1024 \
      -report_slow_units=1 -print_final_stats=1 2>&1 | tee "$log" || status=$?
    echo "---"
    summary "$log"
    rm -f "$log"
    exit "$status"
    ;;
  history)
    runs=${2:-200000}
    mkdir -p fuzz/corpus/history fuzz/artifacts/history
    cargo run --quiet --example history_seeds fuzz/corpus/history
    log=$(mktemp)
    status=0
    # -O: release settings, as shipped (no overflow checks: Yrs wraps a crafted clock
    # there, and a check that release never makes is not a finding).
    fuzz run -O --sanitizer none history fuzz/corpus/history -- \
      -runs="$runs" -max_len=65536 -timeout=2 -rss_limit_mb=1024 \
      -report_slow_units=1 -print_final_stats=1 2>&1 | tee "$log" || status=$?
    echo "---"
    summary "$log"
    rm -f "$log"
    exit "$status"
    ;;
  dump)
    shift
    mkdir -p fuzz/regressions/model
    fuzz build --sanitizer none model
    bin=fuzz/target/x86_64-unknown-linux-gnu/release/model
    for a in "$@"; do
      out="fuzz/regressions/model/$(basename "$a").json"
      # The input is replayed once; it may time out or crash, the JSON is written first.
      INTERLOCK_FUZZ_DUMP="$out" timeout 60 "$bin" -timeout=30 -runs=1 "$a" >/dev/null 2>&1 || true
      if [ -s "$out" ]; then echo "$out ($(wc -c <"$out") bytes)"; else echo "$a: nothing written"; fi
    done
    ;;
  *)
    import_runs=${1:-1500000}
    unpack_runs=${2:-500000}
    mkdir -p fuzz/corpus/import fuzz/corpus/unpack
    cp fuzz/seeds/import/* fuzz/corpus/import/
    cp fuzz/seeds/unpack/* fuzz/corpus/unpack/
    fuzz run import -- -dict=fuzz/json.dict -max_len=8192 -runs="$import_runs" -print_final_stats=1
    fuzz run unpack -- -runs="$unpack_runs" -print_final_stats=1
    ;;
esac
