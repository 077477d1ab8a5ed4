# The planted truth of an alerts-season run, as AlertScoring reads it: shared by the bench/alerts_season_*.py scripts.
import glob, json, math
from datetime import datetime


def dist(lat1, lon1, lat2, lon2):
    """Great-circle distance (km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    c = math.sin(p1)*math.sin(p2) + math.cos(p1)*math.cos(p2)*math.cos(math.radians(lon2 - lon1))
    return 6371.0088*math.acos(max(-1, min(1, c)))


def utc(text):
    return datetime.fromisoformat(text.replace('Z', '+00:00'))


def centre(event, t):
    """The event's track centre at t (linear between track points, held before the first and after the last)."""
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


def unusual_events(seed_dir):
    """The planted unusual events of a run's archive (truth/events.json)."""
    return [e for e in json.load(open(seed_dir + '/archive/truth/events.json')) if e['unusualForPlaceAndSeason']]


def cell_lat_lon(grid, cell):
    """Latitude and longitude of a cell of report.json's grid."""
    n = grid['longitudeCount']
    return grid['firstLatitude'] - (cell // n)*grid['latitudeStep'], grid['firstLongitude'] + (cell % n)*grid['longitudeStep']


def event_on(events, valid, cells, grid):
    """The id of the (last listed) event active at valid whose mask holds one of cells, else None."""
    hit = None
    for ev in events:
        if utc(ev['start']) <= valid <= utc(ev['end']):
            la, lo = centre(ev, valid)
            if any(dist(la, lo, *cell_lat_lon(grid, c)) <= ev['radiusKm'] for c in cells):
                hit = ev['id']
    return hit


def parse_area(text):
    """south,north,west,east (degrees) as a list of four floats."""
    return [float(v) for v in text.split(',')]


def inside(area, lat, lon):
    """Whether a point lies in the area (None: everywhere); east below west crosses the date line."""
    if area is None:
        return True
    south, north, west, east = area
    return south <= lat <= north and ((lon - west) % 360) <= ((east - west) % 360)


WATCH = (45, 55, 0, 20)   # the benchmark's watch region, central-europe: south, north, west, east


def explained_regions(seed_dir, area, sources=('extreme', 'watch')):
    """
    Every explained region of a run's reports whose source is in sources and whose centroid lies in area, as
    (report, region, its extreme or None for a watch region, (seed, event id) of the planted unusual event it lies on or
    None); an extreme region is on an event when one of its cells is, the watch region when one of the WATCH box's is.
    """
    name = seed_dir.rstrip('/').split('/')[-1]
    events = unusual_events(seed_dir)
    for f in sorted(glob.glob(seed_dir + '/data/reports/*/report.json')):
        r = json.load(open(f))
        g = r['grid']
        watch_cells = [c for c in range(g['longitudeCount'] * g['latitudeCount']) if inside(WATCH, *cell_lat_lon(g, c))]
        extremes = {(x['id'], x['leadHours']): x for x in r['extremes']}
        for e in r['explanations']:
            if e['source'] not in sources or not inside(area, e['centroidLatitude'], e['centroidLongitude']):
                continue
            x = extremes.get((e['regionId'], e['leadHours'])) if e['source'] == 'extreme' else None
            if e['source'] == 'extreme' and x is None:
                continue
            event = event_on(events, utc(e['validTime']), x['cells'] if x else watch_cells, g)
            yield r, e, x, None if event is None else (name, event)


def unexplained_factor(region, extreme):
    """The unexplained-extreme rule's factor, (unexplainedDeparture - usual mean) / usual spread in the extreme's direction, or None."""
    usual = region.get('usualUnexplained')
    if extreme is None or not usual or usual['spread'] <= 0 or region.get('unexplainedDeparture') is None:
        return None
    return (-1 if extreme['kind'] == 'cold' else 1) * (region['unexplainedDeparture'] - usual['mean']) / usual['spread']


def precision_recall_f1(caught, false, events):
    """P = caught / (caught + false), R = caught / events, F1 their harmonic mean (0 when undefined)."""
    p = caught / (caught + false) if caught + false else float('nan')
    r = caught / events if events else float('nan')
    return p, r, (2 * p * r / (p + r) if p + r > 0 else 0.0)
