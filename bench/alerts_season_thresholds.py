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
import sys
import numpy as np
from season_truth import explained_regions, parse_area, precision_recall_f1, unexplained_factor

args = sys.argv[1:]
assert args[0] == '--area', 'usage: --area S,N,W,E SEED_DIR ...'
area = parse_area(args[1])
seed_dirs = args[2:]

factor_off, factor_on, score_off, score_on = [], {}, [], {}
for seed_dir in seed_dirs:
    for _, e, x, hit in explained_regions(seed_dir, area):
        factor = unexplained_factor(e, x)
        if factor is not None:
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
        p, r, f1 = precision_recall_f1(caught, false, len(best))
        print(f'{t:.2f} | {caught}/{len(best)} | {false} | {p:.2f} | {r:.2f} | {f1:.3f}')
        if f1 >= top:
            chosen, top = t, f1
    print(f'largest F1 {top:.3f} at {chosen:.2f} (ties to the higher)')

print(f'area {",".join(str(v) for v in area)}; seeds: {", ".join(seed_dirs)}')
table('unexplained-extreme factor (local spread)', factor_off, factor_on, np.arange(1.0, 6.01, 0.25))
table('anomaly score (extreme and watch regions)', score_off, score_on, np.arange(2.0, 15.01, 0.5))
