#!/usr/bin/env python3
# Usage: /usr/bin/python3 bench/alerts_season_unexplained.py DIR/seed-N-... [...]   (directories of an alerts-season run)
# The unexplained-extreme factor of every explained extreme region of the replayed seasons, read from report.json:
# unexplainedDeparture in the extreme's direction / validationRmse; off and on a planted unusual event's mask (a cell
# of the region within the event's radius of its track centre at the valid time, as AlertScoring). Chooses nothing.
import json, glob, sys
import numpy as np
from season_truth import event_on, unusual_events, utc

off, on = [], {}
for seed_dir in sys.argv[1:]:
    events = unusual_events(seed_dir)
    for f in sorted(glob.glob(seed_dir + '/data/reports/*/report.json')):
        r = json.load(open(f))
        extremes = {(x['id'], x['leadHours']): x for x in r['extremes']}
        for e in r['explanations']:
            if e['source'] != 'extreme' or e.get('unexplainedDeparture') is None or not e.get('validationRmse'):
                continue
            x = extremes[(e['regionId'], e['leadHours'])]
            factor = (-1 if x['kind'] == 'cold' else 1) * e['unexplainedDeparture'] / e['validationRmse']
            hit = event_on(events, utc(e['validTime']), x['cells'], r['grid'])
            if hit is None:
                off.append((factor, x['kind'], round(e['centroidLatitude']), round(e['centroidLongitude']), r['cycle'], e['leadHours']))
            else:
                on.setdefault((seed_dir.rstrip('/').split('/')[-1], hit), []).append(factor)

values = np.array([o[0] for o in off])
print(f'explained extreme regions off an unusual event: {len(values)}; factor 99th percentile {np.percentile(values, 99):.2f}, '
      f'99.9th {np.percentile(values, 99.9):.2f}, max {values.max():.2f}')
print('largest off an event (factor, kind, lat, lon, cycle, lead):')
for o in sorted(off, reverse=True)[:8]:
    print(f'  {o[0]:.2f} {o[1]} {o[2]}N {o[3]}E {o[4]} +{o[5]} h')
print('unusual events (seed directory, id): regions on the mask, largest factor')
for key, factors in sorted(on.items()):
    print(f'  {key[0]} #{key[1]}: {len(factors)}, {max(factors):.2f}')
# Region-level precision, recall and F1 per threshold (multiples of 0.25): P = events with a region at or above it /
# (those + regions off the events at or above it), R = those events / events with an explained region.
print('threshold | events caught | regions off events | P | R | F1')
for t in np.arange(1.0, 6.01, 0.25):
    caught = sum(1 for f in on.values() if max(f) >= t)
    false = int((values >= t).sum())
    p = caught / (caught + false) if caught + false else float('nan')
    r = caught / len(on) if on else float('nan')
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    print(f'{t:.2f} | {caught}/{len(on)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
