#!/usr/bin/env python3
# Usage: /usr/bin/python3 bench/alerts_season_ablation.py DIR/seed-N-... [...]   (directories of an alerts-season run; needs python3-netcdf4)
# Offline ablation: anomaly scores recomputed from the bootstrapped relevance climatology with and without the
# footprint features, for every explained extreme region of a replayed season; on/off a planted unusual event's mask.
import json, glob, math, sys
import numpy as np
from netCDF4 import Dataset

def dist(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    c = math.sin(p1)*math.sin(p2) + math.cos(p1)*math.cos(p2)*math.cos(dl)
    return 6371.0088*math.acos(max(-1, min(1, c)))

def centre(e, t):
    tr = e['track']
    from datetime import datetime
    ts = [datetime.fromisoformat(p['time'].replace('Z', '+00:00')) for p in tr]
    if t <= ts[0]: return tr[0]['latitude'], tr[0]['longitude']
    for i in range(1, len(tr)):
        if t <= ts[i]:
            f = (t - ts[i-1]).total_seconds() / (ts[i] - ts[i-1]).total_seconds()
            return (tr[i-1]['latitude'] + f*(tr[i]['latitude']-tr[i-1]['latitude']), tr[i-1]['longitude'] + f*(tr[i]['longitude']-tr[i-1]['longitude']))
    return tr[-1]['latitude'], tr[-1]['longitude']

def score(x, mu, C, W, idx):
    x, mu = x[idx], mu[idx]
    S = C[np.ix_(idx, idx)] / W
    d = len(idx)
    n0 = d
    sig = (W*S + n0*np.diag(np.diag(S))) / (W + n0)
    floors = np.array([0.01]*12 + [10.0]*3)[idx]
    for i in range(d):
        sig[i, i] = max(sig[i, i], floors[i]**2)
    v = x - mu
    return math.sqrt(float(v @ np.linalg.solve(sig, v)))

from datetime import datetime
out = {'on': [], 'off': []}
for seed_dir in sys.argv[1:]:
    nc = Dataset(glob.glob(seed_dir + '/relevance-climatology/*.nc')[0])
    mean = nc['mean'][:]; com = nc['comoment'][:]; weight = nc['weight'][:]
    events = [e for e in json.load(open(seed_dir + '/archive/truth/events.json')) if e['unusualForPlaceAndSeason']]
    for f in sorted(glob.glob(seed_dir + '/data/reports/*/report.json')):
        r = json.load(open(f))
        g = r['grid']
        cells = {(x['id'], x['leadHours']): x['cells'] for x in r['extremes']}
        for e in r['explanations']:
            a = e.get('anomaly')
            if e['source'] != 'extreme' or not a or not a['location'].startswith('bin-'):
                continue
            rr, cc = int(a['location'][4:6]), int(a['location'][7:9])
            loc = rr*16 + cc
            W = float(weight[loc, 0, 0, 0]); mu = np.array(mean[loc, 0, 0, 0]); C = np.array(com[loc, 0, 0, 0])
            tot = sum(i['absolute'] for i in e['inputs'])
            x = np.array([i['absolute']/tot for i in e['inputs']] + [i['sum']/tot for i in e['inputs']]
                         + [e['footprintEastKm'], e['footprintNorthKm'], e['footprintMeanDistanceKm']])
            full = score(x, mu, C, W, list(range(15)))
            nofp = score(x, mu, C, W, list(range(12)))
            t = datetime.fromisoformat(e['validTime'].replace('Z', '+00:00'))
            on = False
            for ev in events:
                s0 = datetime.fromisoformat(ev['start'].replace('Z', '+00:00')); s1 = datetime.fromisoformat(ev['end'].replace('Z', '+00:00'))
                if not (s0 <= t <= s1): continue
                la, lo = centre(ev, t)
                for c in cells.get((e['regionId'], e['leadHours']), []):
                    lat = g['firstLatitude'] - (c // g['longitudeCount'])*g['latitudeStep']
                    lon = g['firstLongitude'] + (c % g['longitudeCount'])*g['longitudeStep']
                    if dist(la, lo, lat, lon) <= ev['radiusKm']:
                        on = True
            out['on' if on else 'off'].append((full, nofp, a['score']))

for k in ('on', 'off'):
    v = np.array(out[k])
    print(f"{k}: n={len(v)}; reported score median {np.median(v[:,2]):.2f}; recomputed all 15 features: median {np.median(v[:,0]):.2f}, "
          f"p90 {np.percentile(v[:,0],90):.2f}, p99 {np.percentile(v[:,0],99):.2f}, max {v[:,0].max():.2f}; without the 3 footprint features: median {np.median(v[:,1]):.2f}, "
          f"p90 {np.percentile(v[:,1],90):.2f}, p99 {np.percentile(v[:,1],99):.2f}, max {v[:,1].max():.2f}")
off = np.array(out['off']); on = np.array(out['on'])
for col, name in ((0, 'all 15'), (1, 'no footprint')):
    for thr in (6, 9):
        print(f"{name}: off-event regions >= {thr}: {(off[:,col] >= thr).sum()} of {len(off)}; on-event >= {thr}: {(on[:,col] >= thr).sum()} of {len(on)}")
    print(f"{name}: largest on-event score {on[:,col].max():.2f}; off-event regions at or above it: {(off[:,col] >= on[:,col].max()).sum()}")
print("correlation recomputed (all 15) vs reported:", np.corrcoef(np.concatenate([on[:,0], off[:,0]]), np.concatenate([on[:,2], off[:,2]]))[0,1].round(3))
