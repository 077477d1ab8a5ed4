"""numpy peer of the climatology benchmark: the same statistics on the same in-memory block with numpy.percentile
(default "linear" = Hyndman & Fan type 7), timed, and compared with the C# result read back with netCDF4-python."""
import json
import sys
import time

import netCDF4
import numpy as np


def main(data_path, meta_path, nc_path, variable):
    x = np.load(data_path)  # [samples, cells] float32
    meta = json.load(open(meta_path))
    hour_index = np.array(meta["hour_index"])
    doy = np.array(meta["doy"])
    centres = meta["centres"]
    hours = max(1, len(meta["hours"]))
    window = meta["window_days"]
    cells = x.shape[1]
    result = np.empty((8, hours, len(centres), cells), dtype=np.float64)
    t0 = time.perf_counter()
    for h in range(hours):
        for w, c in enumerate(centres):
            d = np.abs(doy - c) % 365
            d = np.minimum(d, 365 - d)
            block = x[(hour_index == h) & (d <= window)]
            if block.shape[0] == 0:
                result[:, h, w] = np.nan
                continue
            result[:6, h, w] = np.percentile(block, [1, 5, 10, 90, 95, 99], axis=0)
            result[6, h, w] = block.mean(axis=0, dtype=np.float64)
            result[7, h, w] = block.std(axis=0, dtype=np.float64)
    seconds = time.perf_counter() - t0
    names = ["p01", "p05", "p10", "p90", "p95", "p99", "mean", "std"]
    with netCDF4.Dataset(nc_path) as nc:
        diffs = {}
        for s, name in enumerate(names):
            ours = np.asarray(nc.variables[f"{variable}_{name}"][:], dtype=np.float64).reshape(hours, len(centres), cells)
            if not np.array_equal(np.isnan(ours), np.isnan(result[s])):
                raise SystemExit(f"{name}: empty windows differ between ours and numpy")
            diffs[name] = float(np.nanmax(np.abs(ours - result[s])))
    print(json.dumps({"seconds": seconds, "max_abs_diff": diffs, "numpy": np.__version__}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
