"""Reads a snapshot the way a lake user would, from local copies of its parts (no S3 extension needed).

Usage: python scripts/lake-readers.py <sql-with-local-paths-file>
Prints JSON: {"duckdb": [[reviewId, text], ...] sorted by reviewId, "pyarrow_rows": n, "pyarrow_types": {column: type}}
for the parts named in the query (pyarrow reads every part listed, without de-duplication).
"""
import json
import re
import sys

import duckdb
import pyarrow.parquet as pq

sql = open(sys.argv[1], encoding="utf-8").read()
rows = duckdb.sql(f"SELECT reviewId, text FROM ({sql}) ORDER BY reviewId").fetchall()
paths = sorted(set(re.findall(r"'(/[^']+\.parquet)'", sql)))
tables = [pq.read_table(p) for p in paths]
print(json.dumps({
    "duckdb": [list(r) for r in rows],
    "pyarrow_rows": sum(t.num_rows for t in tables),
    "pyarrow_types": {f.name: str(f.type) for f in tables[0].schema} if tables else {},
}))
