#!/usr/bin/env bash
# Seeds the corpora and runs both fuzz targets for a fixed number of executions.
# Usage: fuzz/run.sh [import-runs] [unpack-runs]   (from anywhere; needs nightly + cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
import_runs=${1:-1500000}
unpack_runs=${2:-500000}
mkdir -p fuzz/corpus/import fuzz/corpus/unpack
cp fuzz/seeds/import/* fuzz/corpus/import/
cp fuzz/seeds/unpack/* fuzz/corpus/unpack/
cargo +nightly fuzz run import -- -dict=fuzz/json.dict -max_len=8192 -runs="$import_runs" -print_final_stats=1
cargo +nightly fuzz run unpack -- -runs="$unpack_runs" -print_final_stats=1
