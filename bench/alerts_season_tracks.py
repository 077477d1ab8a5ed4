#!/usr/bin/env python3
# Usage: /usr/bin/python3 bench/alerts_season_tracks.py --area S,N,W,E SEED_DIR [SEED_DIR ...]
# The third round of issue 17's selection (docs/alerts.md, "evidence across leads"), from alerts-season runs' reports.
# A unit is an extreme track in one cycle (its explained regions at each lead, by the extreme's id) or the watch region in
# one cycle, counting only regions centred in the area; it is on a planted unusual event when one of its regions is (one
# of the region's cells within the event's radius of its track centre at the valid time, as AlertScoring).
# Per unit: the unexplained-extreme factors f_l at its leads, (unexplainedDeparture - usualUnexplained.mean) /
# usualUnexplained.spread in the extreme's direction, combined as (a) their largest or (b) Stouffer's Z = sum f_l / sqrt(n);
# and the largest anomaly score of its regions. P = events caught / (events caught + units off the events that raise),
# R = events caught / events with a unit, F1 their harmonic mean. Step 1 picks the statistic and WarningFactor (multiple of
# 0.25) with the largest F1, ties to (a) and then to the higher; step 2 the anomalous-relevance WarningScore in
# {6.0, 6.5, ..., 15.0} or none, by the F1 of both rules together, ties to none and then to the higher.
# Step 3 (fourth round, reports with unexplainedCore): with step 1's combination over leads, (a) the region's factor or
# (b) its core (unexplainedCore.high, or -low for a cold extreme: the most unusual 3 x 3-cell window mean of the
# standardised unexplained departure), WarningFactor a multiple of 0.25, the largest F1, ties to (a) and then to the higher.
import math, sys
import numpy as np
from season_truth import explained_regions, parse_area, precision_recall_f1, unexplained_factor

args = sys.argv[1:]
assert args[0] == '--area', 'usage: --area S,N,W,E SEED_DIR ...'
area = parse_area(args[1])
seed_dirs = args[2:]

units = {}                 # key -> {'factors': [...], 'cores': [...], 'scores': [...], 'events': set()}
events_with_unit = set()
for seed_dir in seed_dirs:
    name = seed_dir.rstrip('/').split('/')[-1]
    for r, e, x, hit in explained_regions(seed_dir, area):
        unit = units.setdefault((name, r['cycle'], e['model'], e['source'], e['regionId']),
                                {'factors': [], 'cores': [], 'scores': [], 'events': set()})
        if hit is not None:
            unit['events'].add(hit)
            events_with_unit.add(hit)
        factor = unexplained_factor(e, x)
        if factor is not None:
            unit['factors'].append(factor)
        core = e.get('unexplainedCore')
        if x is not None and core:
            unit['cores'].append(-core['low'] if x['kind'] == 'cold' else core['high'])
        if e.get('anomaly'):
            unit['scores'].append(e['anomaly']['score'])


def largest(fs):
    return max(fs) if fs else -math.inf


def stouffer(fs):
    return sum(fs) / math.sqrt(len(fs)) if fs else -math.inf


def score(fs):
    return max(fs) if fs else -math.inf


def f1_of(raises):
    """P, R, F1 and counts for a predicate on units."""
    caught, false = set(), 0
    for u in units.values():
        if raises(u):
            if u['events']:
                caught |= u['events']
            else:
                false += 1
    p, r, f1 = precision_recall_f1(len(caught), false, len(events_with_unit))
    return p, r, f1, len(caught), false


n_on = sum(1 for u in units.values() if u['events'])
print(f'area {",".join(str(v) for v in area)}; seeds: {", ".join(seed_dirs)}')
print(f'{len(units)} units ({n_on} on events), {len(events_with_unit)} events with a unit; '
      f'tracks with factors at 1 / 2 leads: {sum(1 for u in units.values() if len(u["factors"]) == 1)} / '
      f'{sum(1 for u in units.values() if len(u["factors"]) == 2)}')

best = None   # (f1, preference, threshold, name)
for preference, (label, stat) in enumerate([('largest factor', largest), ('Stouffer Z', stouffer)]):
    print(f'\n## Step 1, {label}\nthreshold | events caught | units off events | P | R | F1')
    for t in np.arange(1.0, 6.01, 0.25):
        p, r, f1, caught, false = f1_of(lambda u: stat(u['factors']) >= t)
        print(f'{t:.2f} | {caught}/{len(events_with_unit)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
        # ties: (a) before (b), then the higher threshold
        key = (round(f1, 12), -preference, t)
        if best is None or key > best[0]:
            best = (key, label, stat, t)
(_, label, stat, factor) = best
print(f'\nchosen: {label}, WarningFactor {factor:.2f} (F1 {best[0][0]:.3f})')

print(f'\n## Step 2, both rules: {label} >= {factor:.2f} or anomaly score >= WarningScore\n'
      'WarningScore | events caught | units off events | P | R | F1')
p, r, f1, caught, false = f1_of(lambda u: stat(u['factors']) >= factor)
print(f'none | {caught}/{len(events_with_unit)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
chosen = (round(f1, 12), 1, math.inf)
for s in np.arange(6.0, 15.01, 0.5):
    p, r, f1, caught, false = f1_of(lambda u: stat(u['factors']) >= factor or score(u['scores']) >= s)
    print(f'{s:.1f} | {caught}/{len(events_with_unit)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
    key = (round(f1, 12), 0, s)
    if key > chosen:
        chosen = key
print(f'\nchosen: anomalous relevance {"not configured" if chosen[2] == math.inf else f"WarningScore {chosen[2]:.1f}"} (F1 {chosen[0]:.3f})')

if any(u['cores'] for u in units.values()):
    best = None
    for preference, (what, key) in enumerate([('region factor', 'factors'), ('core', 'cores')]):
        print(f'\n## Step 3, {label} of the {what}\nthreshold | events caught | units off events | P | R | F1')
        for t in np.arange(1.0, 8.01, 0.25):
            p, r, f1, caught, false = f1_of(lambda u: stat(u[key]) >= t)
            print(f'{t:.2f} | {caught}/{len(events_with_unit)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
            candidate = (round(f1, 12), -preference, t)
            if best is None or candidate > best[0]:
                best = (candidate, what, t)
    print(f'\nchosen: the {best[1]}, WarningFactor {best[2]:.2f} (F1 {best[0][0]:.3f})')
