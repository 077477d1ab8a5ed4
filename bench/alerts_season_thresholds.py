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
import json, glob, math, sys
from datetime import datetime
import numpy as np

def dist(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1)*math.sin(p2) + math.cos(p1)*math.cos(p2)*math.cos(math.radians(lon2 - lon1))
    return 6371.0088*math.acos(max(-1, min(1, c)))

def utc(text):
    return datetime.fromisoformat(text.replace('Z', '+00:00'))

def centre(event, t):
    track = event['track']
    times = [utc(p['time']) for p in track]
    if t <= times[0]:
        return track[0]['latitude'], track[0]['longitude']
    for i in range(1, len(track)):
        if t <= times[i]:
            f = (t - times[i-1]).total_seconds() / (times[i] - times[i-1]).total_seconds()
            return (track[i-1]['latitude'] + f*(track[i]['latitude'] - track[i-1]['latitude']),
                    track[i-1]['longitude'] + f*(track[i]['longitude'] - track[i-1]['longitude']))
    return track[-1]['latitude'], track[-1]['longitude']

args = sys.argv[1:]
assert args[0] == '--area', 'usage: --area S,N,W,E SEED_DIR ...'
south, north, west, east = [float(v) for v in args[1].split(',')]
seed_dirs = args[2:]

def inside(lat, lon):
    return south <= lat <= north and ((lon - west) % 360) <= ((east - west) % 360)

WATCH = (45, 55, 0, 20)   # the benchmark's central-europe
factor_off, factor_on, score_off, score_on = [], {}, [], {}
for seed_dir in seed_dirs:
    name = seed_dir.rstrip('/').split('/')[-1]
    events = [e for e in json.load(open(seed_dir + '/archive/truth/events.json')) if e['unusualForPlaceAndSeason']]
    for f in sorted(glob.glob(seed_dir + '/data/reports/*/report.json')):
        r = json.load(open(f))
        g = r['grid']
        n, first_lat, step_lat = g['longitudeCount'], g['firstLatitude'], g['latitudeStep']
        first_lon, step_lon = g['firstLongitude'], g['longitudeStep']
        def lat_lon(c):
            return first_lat - (c // n)*step_lat, first_lon + (c % n)*step_lon
        watch_cells = [c for c in range(n * g['latitudeCount'])
                       if WATCH[0] <= lat_lon(c)[0] <= WATCH[1] and ((lat_lon(c)[1] - WATCH[2]) % 360) <= (WATCH[3] - WATCH[2])]
        extremes = {(x['id'], x['leadHours']): x for x in r['extremes']}
        for e in r['explanations']:
            if e['source'] not in ('extreme', 'watch') or not inside(e['centroidLatitude'], e['centroidLongitude']):
                continue
            x = extremes.get((e['regionId'], e['leadHours'])) if e['source'] == 'extreme' else None
            cells = x['cells'] if x else watch_cells
            valid = utc(e['validTime'])
            hit = None
            for ev in events:
                if utc(ev['start']) <= valid <= utc(ev['end']):
                    la, lo = centre(ev, valid)
                    if any(dist(la, lo, *lat_lon(c)) <= ev['radiusKm'] for c in cells):
                        hit = (name, ev['id'])
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

print(f'area {south},{north},{west},{east}; seeds: {", ".join(seed_dirs)}')
table('unexplained-extreme factor (local spread)', factor_off, factor_on, np.arange(1.0, 6.01, 0.25))
table('anomaly score (extreme and watch regions)', score_off, score_on, np.arange(2.0, 15.01, 0.5))
