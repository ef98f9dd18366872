# Optional independent reader for the parquet benchmark's interop check (run by parquet-libs.bench.ts when
# PYARROW_PYTHON points at a python with pyarrow). Prints the file's rows as one JSON array.
import json, sys
import pyarrow.parquet as pq

print(json.dumps(pq.read_table(sys.argv[1]).to_pylist(), ensure_ascii=False))
