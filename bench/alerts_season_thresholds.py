#!/usr/bin/env python3
# Usage: /usr/bin/python3 bench/alerts_season_thresholds.py --area S,N,W,E SEED_DIR [SEED_DIR ...]
# From an alerts-season run's reports (the service's own figures): region-level precision, recall and F1 per threshold of
# (1) the unexplained-extreme factor, (unexplainedDeparture - usualUnexplained.mean) / usualUnexplained.spread in the
# extreme's direction, over the explained extreme regions centred in the area (multiples of 0.25), and (2) the anomaly
# score over the scored extreme and watch regions centred in the area (multiples of 0.5). A region is on a planted
# unusual event when one of its cells (an extreme's cells; the watch region's cells, from its box in report.json's
# watch list or central-europe 45-55N 0-20E) lies within the event's radius of its track centre at the valid time, as
# AlertScoring. P = events with a region at or above t / (those + regions off the events at or above t); R = those events
# / events with a region of that kind; F1 their harmonic mean. Prints the threshold the declared rule picks (largest F1,
# ties to the higher).
import json, glob, sys
import numpy as np
from season_truth import cell_lat_lon, event_on, inside, parse_area, unusual_events, utc

args = sys.argv[1:]
assert args[0] == '--area', 'usage: --area S,N,W,E SEED_DIR ...'
area = parse_area(args[1])
seed_dirs = args[2:]

WATCH = (45, 55, 0, 20)   # the benchmark's central-europe
factor_off, factor_on, score_off, score_on = [], {}, [], {}
for seed_dir in seed_dirs:
    name = seed_dir.rstrip('/').split('/')[-1]
    events = unusual_events(seed_dir)
    for f in sorted(glob.glob(seed_dir + '/data/reports/*/report.json')):
        r = json.load(open(f))
        g = r['grid']
        watch_cells = [c for c in range(g['longitudeCount'] * g['latitudeCount'])
                       if inside(WATCH, *cell_lat_lon(g, c))]
        extremes = {(x['id'], x['leadHours']): x for x in r['extremes']}
        for e in r['explanations']:
            if e['source'] not in ('extreme', 'watch') or not inside(area, e['centroidLatitude'], e['centroidLongitude']):
                continue
            x = extremes.get((e['regionId'], e['leadHours'])) if e['source'] == 'extreme' else None
            cells = x['cells'] if x else watch_cells
            event = event_on(events, utc(e['validTime']), cells, g)
            hit = None if event is None else (name, event)
            usual = e.get('usualUnexplained')
            if x is not None and usual and usual['spread'] > 0 and e.get('unexplainedDeparture') is not None:
                factor = (-1 if x['kind'] == 'cold' else 1) * (e['unexplainedDeparture'] - usual['mean']) / usual['spread']
                (factor_off.append(factor) if hit is None else factor_on.setdefault(hit, []).append(factor))
            anomaly = e.get('anomaly')
            if anomaly:
                (score_off.append(anomaly['score']) if hit is None else score_on.setdefault(hit, []).append(anomaly['score']))

def table(label, off, on, thresholds):
    values = np.array(off)
    best = {k: max(v) for k, v in on.items()}
    print(f'\n## {label}: {len(values)} regions off the events in the area (99th percentile {np.percentile(values, 99):.2f}, '
          f'max {values.max():.2f}); {len(best)} events with a region, their best: {", ".join(f"{b:.2f}" for b in sorted(best.values()))}')
    print('threshold | events caught | regions off events | P | R | F1')
    chosen, top = None, -1.0
    for t in thresholds:
        caught = sum(1 for b in best.values() if b >= t)
        false = int((values >= t).sum())
        p = caught / (caught + false) if caught + false else float('nan')
        r = caught / len(best) if best else float('nan')
        f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
        print(f'{t:.2f} | {caught}/{len(best)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
        if f1 >= top:
            chosen, top = t, f1
    print(f'largest F1 {top:.3f} at {chosen:.2f} (ties to the higher)')

print(f'area {",".join(str(v) for v in area)}; seeds: {", ".join(seed_dirs)}')
table('unexplained-extreme factor (local spread)', factor_off, factor_on, np.arange(1.0, 6.01, 0.25))
table('anomaly score (extreme and watch regions)', score_off, score_on, np.arange(2.0, 15.01, 0.5))
