using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Synthetic;

namespace Monitor.Bench;

/// <summary>
/// Scores a season's alerts against the planted events: an explained region (an extreme's cells, or a watch region's
/// box) is on an event when one of its cells lies in the event's mask (within <see cref="PlantedEvent.RadiusKm"/> of
/// the track's centre) at the region's valid time, the event active then; no further tolerance.
/// </summary>
internal static class AlertScoring
{
    /// <summary>The rule name of the lifecycle's digest alert (new events beyond the hourly cap, in one e-mail).</summary>
    public const string DigestRule = "digest";

    private static readonly double[] s_quantiles = [0.5, 0.9, 0.99, 1.0];

    /// <summary>The definitions, in words, for the benchmark's header.</summary>
    public const string Definition =
        "an alert is a new event of a rule (revision 1; escalations and all-clears are revisions of the same key and not counted); "
        + "its region is the explained region the key's track names at the alert's lead in the raising cycle's report.json (an extreme's cells, or the watch region's cells); "
        + "it matches a planted event when one of those cells lies within the event's radius of its track centre at the alert's valid time (the event's mask, no extra tolerance); "
        + "a digest (the new events beyond the hourly cap of 10, in one e-mail) counts as one alert matching nothing; "
        + "precision = alerts matching a planted unusual (advective warm spell) event / all alerts; recall = unusual events active in the test season with ≥ 1 matching alert / "
        + "all of them, and / those with ≥ 1 explained region on their mask at some cycle and lead ('explained'); alerts per matched event = distinct alert keys matching it.";

    /// <summary>Scores the alerts of <paramref name="rules"/> in <paramref name="reports"/> (one season, oldest first) against <paramref name="events"/> (those active in it).</summary>
    public static SeasonScore Score(GridSpec grid, IReadOnlyList<CycleReport> reports, IReadOnlyList<PlantedEvent> events, IReadOnlyCollection<string> rules, WatchRegion watch)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(watch);
        PlantedEvent[] unusual = [.. events.Where(e => e.UnusualForPlaceAndSeason)];
        int[] watchCells = [.. watch.Mask(grid).Select((inside, i) => (inside, i)).Where(p => p.inside).Select(p => p.i)];
        var extremesOn = new Dictionary<int, int>();
        var explainedOn = new Dictionary<int, List<double?>>();
        var keysOn = new Dictionary<int, HashSet<string>>();
        var alerts = new List<AlertOutcome>();
        var offEvent = new List<double>();
        var offEventFeatures = new Dictionary<string, int>(StringComparer.Ordinal);
        int offEventPolar = 0;
        int explained = 0, scored = 0, atWarning = 0, onUnusual = 0, scoredOnUnusual = 0, warningOnUnusual = 0, matched = 0;
        foreach (CycleReport report in reports)
        {
            var cellsOf = report.Extremes.ToDictionary(e => (e.Id, e.LeadHours), e => e.Cells);
            foreach (var extreme in report.Extremes)
            {
                foreach (PlantedEvent e in On(grid, unusual, extreme.Cells, extreme.ValidTime))
                {
                    extremesOn[e.Id] = extremesOn.GetValueOrDefault(e.Id) + 1;
                }
            }

            foreach (ExplainedRegion region in report.Explanations.Where(r => r.Source is RegionSource.Extreme or RegionSource.Watch))
            {
                int[] cells = Cells(region, cellsOf, watchCells);
                bool isScored = region.Anomaly is not null, warning = region.Anomaly is { Score: >= 6 };
                explained++;
                scored += isScored ? 1 : 0;
                atWarning += warning ? 1 : 0;
                PlantedEvent[] on = [.. On(grid, unusual, cells, region.ValidTime)];
                if (on.Length > 0)
                {
                    onUnusual++;
                    scoredOnUnusual += isScored ? 1 : 0;
                    warningOnUnusual += warning ? 1 : 0;
                }
                else if (region.Anomaly is { } anomaly)
                {
                    offEvent.Add(anomaly.Score);
                    if (anomaly.Score >= 6)
                    {
                        offEventFeatures[anomaly.Feature] = offEventFeatures.GetValueOrDefault(anomaly.Feature) + 1;
                        offEventPolar += Math.Abs(region.CentroidLatitude) >= 60 ? 1 : 0;
                    }
                }

                foreach (PlantedEvent e in on)
                {
                    (explainedOn.TryGetValue(e.Id, out List<double?>? list) ? list : explainedOn[e.Id] = []).Add(region.Anomaly?.Score);
                }
            }

            foreach (ReportedAlert digest in (report.Alerts ?? []).Where(a => a.Rule == DigestRule && a.Revision == 1))
            {
                // One e-mail listing the new events beyond the hourly cap: counted as an alert that matches no event.
                alerts.Add(new AlertOutcome(digest.Key, report.Cycle, report.InitTime, 0, digest.Summary[..digest.Summary.IndexOf(':', StringComparison.Ordinal)], null, "digest"));
            }

            foreach (ReportedAlert alert in (report.Alerts ?? []).Where(a => rules.Contains(a.Rule) && a.Revision == 1))
            {
                string track = alert.Key[(alert.Key.LastIndexOf('/') + 1)..];
                ExplainedRegion? region = report.Explanations
                    .Where(r => r.RegionId == track && r.LeadHours == alert.LeadHours && r.Source is RegionSource.Extreme or RegionSource.Watch)
                    .MaxBy(r => r.Anomaly?.Score ?? double.NegativeInfinity);
                if (region is null)
                {
                    alerts.Add(new AlertOutcome(alert.Key, report.Cycle, alert.ValidTime ?? report.InitTime, alert.LeadHours ?? 0, "(not found)", null, "none"));
                    continue;
                }

                int[] cells = Cells(region, cellsOf, watchCells);
                PlantedEvent[] hits = [.. On(grid, unusual, cells, region.ValidTime)];
                PlantedEvent? ordinary = On(grid, [.. events.Where(e => !e.UnusualForPlaceAndSeason)], cells, region.ValidTime).FirstOrDefault();
                string match = hits.Length > 0 ? string.Join(", ", hits.Select(e => $"unusual #{e.Id}"))
                    : ordinary is not null ? $"ordinary #{ordinary.Id} ({ordinary.Kind})" : "none";
                matched += hits.Length > 0 ? 1 : 0;
                foreach (PlantedEvent e in hits)
                {
                    (keysOn.TryGetValue(e.Id, out HashSet<string>? keys) ? keys : keysOn[e.Id] = []).Add(alert.Key);
                }

                alerts.Add(new AlertOutcome(alert.Key, report.Cycle, region.ValidTime, region.LeadHours,
                    FormattableString.Invariant($"{region.Slot} {region.CentroidLatitude:F0}N {region.CentroidLongitude:F0}E"), region.Anomaly?.Score, match));
            }
        }

        EventOutcome[] outcomes =
        [
            .. unusual.Select(e =>
            {
                (double lat, double lon) = e.CentreAt(e.Start + ((e.End - e.Start) / 2));
                List<double?> scores = explainedOn.GetValueOrDefault(e.Id) ?? [];
                double[] values = [.. scores.Where(s => s.HasValue).Select(s => s!.Value)];
                return new EventOutcome(e.Id, e.Start, e.End, lat, lon, extremesOn.GetValueOrDefault(e.Id), scores.Count, values.Length,
                    values.Length > 0 ? values.Max() : null, keysOn.GetValueOrDefault(e.Id)?.Count ?? 0);
            }),
        ];
        offEvent.Sort();
        double[] quantiles = offEvent.Count == 0 ? [] : [.. s_quantiles.Select(q => offEvent[(int)Math.Min(offEvent.Count - 1, Math.Floor(q * offEvent.Count))])];
        return new SeasonScore(outcomes, alerts, matched, explained, scored, atWarning, onUnusual, scoredOnUnusual, warningOnUnusual, quantiles,
            offEvent.Count(v => v >= 9), offEventFeatures, offEventPolar);
    }

    /// <summary>The planted events among <paramref name="events"/> whose mask at <paramref name="valid"/> holds one of <paramref name="cells"/>.</summary>
    public static IEnumerable<PlantedEvent> On(GridSpec grid, IEnumerable<PlantedEvent> events, IReadOnlyList<int> cells, DateTime valid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(cells);
        foreach (PlantedEvent e in events)
        {
            if (!e.IsActive(valid))
            {
                continue;
            }

            (double lat, double lon) = e.CentreAt(valid);
            if (cells.Any(c => GreatCircle.DistanceKm(lat, lon, grid.Latitude(c / grid.LongitudeCount), grid.Longitude(c % grid.LongitudeCount)) <= e.RadiusKm))
            {
                yield return e;
            }
        }
    }

    private static int[] Cells(ExplainedRegion region, Dictionary<(string Id, int LeadHours), int[]> extremes, int[] watchCells) =>
        region.Source == RegionSource.Watch ? watchCells : extremes.GetValueOrDefault((region.RegionId, region.LeadHours)) ?? [];
}
