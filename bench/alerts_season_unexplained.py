#!/usr/bin/env python3
# Usage: /usr/bin/python3 bench/alerts_season_unexplained.py DIR/seed-N-... [...]   (directories of an alerts-season run)
# The unexplained-extreme factor of every explained extreme region of the replayed seasons, read from report.json:
# unexplainedDeparture in the extreme's direction / validationRmse; off and on a planted unusual event's mask (a cell
# of the region within the event's radius of its track centre at the valid time, as AlertScoring). Chooses nothing.
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

off, on = [], {}
for seed_dir in sys.argv[1:]:
    events = [e for e in json.load(open(seed_dir + '/archive/truth/events.json')) if e['unusualForPlaceAndSeason']]
    for f in sorted(glob.glob(seed_dir + '/data/reports/*/report.json')):
        r = json.load(open(f))
        g = r['grid']
        n, first_lat, step_lat = g['longitudeCount'], g['firstLatitude'], g['latitudeStep']
        first_lon, step_lon = g['firstLongitude'], g['longitudeStep']
        extremes = {(x['id'], x['leadHours']): x for x in r['extremes']}
        for e in r['explanations']:
            if e['source'] != 'extreme' or e.get('unexplainedDeparture') is None or not e.get('validationRmse'):
                continue
            x = extremes[(e['regionId'], e['leadHours'])]
            factor = (-1 if x['kind'] == 'cold' else 1) * e['unexplainedDeparture'] / e['validationRmse']
            valid = utc(e['validTime'])
            hit = None
            for ev in events:
                if utc(ev['start']) <= valid <= utc(ev['end']):
                    la, lo = centre(ev, valid)
                    if any(dist(la, lo, first_lat - (c // n)*step_lat, first_lon + (c % n)*step_lon) <= ev['radiusKm'] for c in x['cells']):
                        hit = ev['id']
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
