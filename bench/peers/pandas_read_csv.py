"""pandas read_csv as the benchmark peer of the CSV import (bench/peers/pandas.ts runs this).

Usage: python3 pandas_read_csv.py FILE
Reads FILE with pandas' default (C) parser, as a user of pandas would, and prints one JSON line:
{"version": ..., "seconds": ..., "rows": ..., "cols": ..., "peakRssMb": ...} (peak RSS of this process).
"""
import json
import resource
import sys
import time

import pandas as pd

start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
seconds = time.perf_counter() - start
print(json.dumps({
    'version': pd.__version__,
    'seconds': seconds,
    'rows': int(frame.shape[0]),
    'cols': int(frame.shape[1]),
    'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
