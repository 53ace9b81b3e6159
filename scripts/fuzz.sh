#!/usr/bin/env bash
# make fuzz: libFuzzer (with AddressSanitizer) over the Parquet footer, Thrift, page and value decoders.
# Seeds the corpus with small files written by pyarrow and by cairn, then fuzzes for $1 seconds (default 60).
# Crashes land in fuzz-corpus/crashes/; replay one with: swift run ParquetFuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
swift build -c release --product ParquetFuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
CORPUS=fuzz-corpus/inputs
mkdir -p "$CORPUS" fuzz-corpus/crashes
if [ -z "$(ls -A "$CORPUS")" ]; then
    /usr/bin/env python3 - "$CORPUS" <<'PY'
import sys, pyarrow as pa, pyarrow.parquet as pq
out = sys.argv[1]
t = pa.table({"i": pa.array([1, None, 3, 4] * 8, pa.int64()), "s": ["a", "bb", None, "dddd"] * 8,
              "f": pa.array([0.5, float("nan"), -0.0, None] * 8, pa.float32()), "b": [True, False, None, True] * 8})
for codec in ["none", "snappy", "gzip", "zstd"]:
    pq.write_table(t, f"{out}/{codec}.parquet", compression=codec, row_group_size=10, data_page_size=64, write_page_index=True)
pq.write_table(t, f"{out}/v2.parquet", data_page_version="2.0", use_dictionary=False,
               column_encoding={"i": "DELTA_BINARY_PACKED", "s": "DELTA_BYTE_ARRAY", "f": "BYTE_STREAM_SPLIT"})
PY
fi
.build-fuzz/release/ParquetFuzz "$CORPUS" -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix=fuzz-corpus/crashes/ -print_final_stats=1
