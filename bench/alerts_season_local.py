#!/usr/bin/env python3
# Usage: /usr/bin/python3 bench/alerts_season_local.py [--area S,N,W,E] SEED_DIR RELEVANCE_CLIMATOLOGY.nc [SEED_DIR FILE ...]
# Offline, from an alerts-season run's reports and a relevance climatology holding the model's unexplained departure per
# cell (departure_count/mean/squares, lead pooled, 00 UTC, DJF): every explained extreme region's unexplained-extreme
# factor against the usual spread of its cells, (unexplainedDeparture - mean of the cells' means) / mean of their
# standard deviations, in the extreme's direction, beside the former global one (/ validationRmse); on and off a planted
# unusual event's mask (as AlertScoring); with --area, only regions centred inside. Region-level P, R, F1 per threshold
# (multiples of 0.25): P = events with a region at or above it / (those + regions off the events at or above it),
# R = those events / events with an explained region. The selection of 2026-12-07 ran it on seeds 51 and 52.
import sys
import numpy as np
from netCDF4 import Dataset
from season_truth import explained_regions, parse_area, precision_recall_f1

args = sys.argv[1:]
area = None
if args and args[0] == '--area':
    area = parse_area(args[1])
    args = args[2:]

off, on = [], {}
for seed_dir, path in zip(args[0::2], args[1::2]):
    ds = Dataset(path)
    count = ds['departure_count'][0, 0, 0].filled(0).ravel()
    mean = ds['departure_mean'][0, 0, 0].filled(0).ravel()
    sd = np.sqrt(ds['departure_squares'][0, 0, 0].filled(0).ravel() / np.maximum(count - 1, 1))
    print(f'{seed_dir}: {int(count.min())}-{int(count.max())} values per cell; standard deviation median {np.median(sd):.2f}, '
          f'10th-90th percentile {np.percentile(sd, 10):.2f}-{np.percentile(sd, 90):.2f}')
    for r, e, x, hit in explained_regions(seed_dir, area, sources=('extreme',)):
        if e.get('unexplainedDeparture') is None or not e.get('validationRmse'):
            continue
        sign = -1 if x['kind'] == 'cold' else 1
        cells = x['cells']
        local = sign * (e['unexplainedDeparture'] - mean[cells].mean()) / sd[cells].mean()
        former = sign * e['unexplainedDeparture'] / e['validationRmse']
        record = (local, former, x['kind'], round(e['centroidLatitude']), round(e['centroidLongitude']), r['cycle'], e['leadHours'])
        (off.append(record) if hit is None else on.setdefault(hit, []).append(record))

print(f'area: {area if area else "whole grid"}; explained extreme regions off an unusual event: {len(off)}; unusual events with one: {len(on)}')
for k, name in [(0, 'local spread'), (1, 'validation RMSE')]:
    values = np.array([o[k] for o in off])
    best = {key: max(rec[k] for rec in recs) for key, recs in on.items()}
    print(f'\n{name}: off the events 99th percentile {np.percentile(values, 99):.2f}, max {values.max():.2f}; '
          f'events\' best {", ".join(f"{b:.2f}" for b in sorted(best.values()))}')
    print('threshold | events caught | regions off events | P | R | F1')
    for t in np.arange(1.0, 6.01, 0.25):
        caught = sum(1 for b in best.values() if b >= t)
        false = int((values >= t).sum())
        p, r, f1 = precision_recall_f1(caught, false, len(best))
        print(f'{t:.2f} | {caught}/{len(best)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
print('\nlargest off the events (local factor, former factor, kind, lat, lon, cycle, lead):')
for o in sorted(off, reverse=True)[:8]:
    print(f'  {o[0]:.2f} {o[1]:.2f} {o[2]} {o[3]}N {o[4]}E {o[5]} +{o[6]} h')
