#!/usr/bin/python3
"""Independent writer and peer reader for the netcdf-decode benchmark (Debian's python3-netcdf4).

Run with /usr/bin/python3: a pyenv python on PATH usually lacks netCDF4.

  write PATH --leads N --vars N   create the benchmark file (atomically: PATH.partial, then rename)
  read PATH --repeat N [--mode M] time reading every field once per repeat after one warm-up pass, print JSON

Read modes: "masked" (auto mask/scale on, the default: decoded, masked array), "filled" (masked, then
.filled(nan): the same output form as our reader), "raw" (auto mask/scale off: netCDF-C read only).
Only the read loop is timed, so interpreter start-up and imports do not count.
"""

import argparse
import json
import os
import sys
import time

import netCDF4
import numpy as np

# (name, units, base, amplitude, lower clip, upper clip): ERA5 names and plausible ranges, so deflate sees
# realistic value distributions (including the exact zeros of precipitation and night-side radiation).
VARIABLES = [
    ("t2m", "K", 280.0, 30.0, None, None),
    ("d2m", "K", 272.0, 28.0, None, None),
    ("u10", "m s**-1", 0.0, 12.0, None, None),
    ("v10", "m s**-1", 0.0, 10.0, None, None),
    ("msl", "Pa", 101325.0, 2500.0, None, None),
    ("sp", "Pa", 96000.0, 6000.0, None, None),
    ("tcc", "(0 - 1)", 0.55, 0.6, 0.0, 1.0),
    ("tp", "m", -0.0005, 0.002, 0.0, None),
    ("tisr", "J m**-2", 1.0e6, 2.5e6, 0.0, None),
    ("ssrd", "J m**-2", 0.6e6, 1.6e6, 0.0, None),
]

LATS = 721
LONS = 1440


def field(rng, lat, lon, k, t, base, amplitude, low, high):
    """A smooth global field: a few travelling waves plus small noise (0.5 % of the amplitude)."""
    phase = 0.35 * t
    value = (
        0.45 * np.cos(lat) * np.sin(2 * lon + phase + k)
        + 0.25 * np.sin(3 * lat + 0.5 * k) * np.cos(5 * lon - 0.7 * phase)
        + 0.15 * np.sin(7 * lat - phase) * np.sin(11 * lon + 0.3 * k)
        + 0.10 * np.cos(13 * lon + 2 * lat + phase)
    )
    value = base + amplitude * value + 0.005 * amplitude * rng.standard_normal(value.shape)
    if low is not None or high is not None:
        value = np.clip(value, low, high)
    return value.astype(np.float32)


def write(path, leads, nvars):
    if nvars > len(VARIABLES):
        sys.exit(f"at most {len(VARIABLES)} variables")
    partial = path + ".partial"
    rng = np.random.default_rng(20260101)
    lat_deg = np.linspace(90.0, -90.0, LATS)
    lon_deg = np.arange(LONS) * 0.25
    lat, lon = np.meshgrid(np.radians(lat_deg), np.radians(lon_deg), indexing="ij")
    with netCDF4.Dataset(partial, "w", format="NETCDF4") as ds:
        ds.Conventions = "CF-1.8"
        ds.title = "V2V Monitor netcdf-decode benchmark (synthetic, 0.25 deg global)"
        ds.createDimension("time", leads)
        ds.createDimension("latitude", LATS)
        ds.createDimension("longitude", LONS)
        tv = ds.createVariable("time", "f8", ("time",))
        tv.units = "hours since 2026-01-01 00:00:00"
        tv.calendar = "proleptic_gregorian"
        tv.standard_name = "time"
        tv[:] = np.arange(leads) * 6.0
        la = ds.createVariable("latitude", "f8", ("latitude",))
        la.units = "degrees_north"
        la.standard_name = "latitude"
        la[:] = lat_deg
        lo = ds.createVariable("longitude", "f8", ("longitude",))
        lo.units = "degrees_east"
        lo.standard_name = "longitude"
        lo[:] = lon_deg
        for k, (name, units, base, amplitude, low, high) in enumerate(VARIABLES[:nvars]):
            v = ds.createVariable(
                name, "f4", ("time", "latitude", "longitude"),
                zlib=True, complevel=4, shuffle=True, chunksizes=(1, LATS, LONS),
                fill_value=netCDF4.default_fillvals["f4"])
            v.units = units
            for t in range(leads):
                v[t, :, :] = field(rng, lat, lon, k, t, base, amplitude, low, high)
    os.replace(partial, path)


def read_pass(ds, names, leads, mode):
    for name in names:
        for t in range(leads):
            data = ds.variables[name][t, :, :]
            if mode == "filled":
                data = data.filled(np.nan) if np.ma.isMaskedArray(data) else data


def read(path, repeat, mode):
    with netCDF4.Dataset(path, "r") as ds:
        names = [n for n, v in ds.variables.items() if v.dimensions == ("time", "latitude", "longitude")]
        leads = len(ds.dimensions["time"])
        for name in names:
            ds.variables[name].set_auto_maskandscale(mode != "raw")
        read_pass(ds, names, leads, mode)  # warm-up: page cache, HDF5 metadata, chunk index
        seconds = []
        for _ in range(repeat):
            start = time.perf_counter()
            read_pass(ds, names, leads, mode)
            seconds.append(time.perf_counter() - start)
    print(json.dumps({
        "mode": mode,
        "fields": len(names) * leads,
        "seconds": seconds,
        "netcdf4_python": netCDF4.__version__,
        "netcdf_c": netCDF4.__netcdf4libversion__,
        "hdf5": netCDF4.__hdf5libversion__,
        "numpy": np.__version__,
    }))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("path")
    w.add_argument("--leads", type=int, default=13)
    w.add_argument("--vars", type=int, default=10)
    r = sub.add_parser("read")
    r.add_argument("path")
    r.add_argument("--repeat", type=int, default=3)
    r.add_argument("--mode", choices=["masked", "filled", "raw"], default="masked")
    args = parser.parse_args()
    if args.command == "write":
        write(args.path, args.leads, args.vars)
    else:
        read(args.path, args.repeat, args.mode)


if __name__ == "__main__":
    main()
