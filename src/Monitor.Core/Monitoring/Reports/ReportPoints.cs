using System.Globalization;
using Monitor.Core.Extremes.Regions;

namespace Monitor.Core.Monitoring.Reports;

/// <summary>Turns a <see cref="CycleReport"/> into InfluxDB points after <see cref="PointSchema"/> (docs/influx-schema.md).</summary>
public static class ReportPoints
{
    /// <summary>The report's points.</summary>
    public static IReadOnlyList<LinePoint> From(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var points = new List<LinePoint> { CyclePoint(report) };
        foreach (ModelReport model in report.Models)
        {
            points.AddRange(model.Leads.Select(lead => new LinePoint(PointSchema.Skill,
                Tags((PointSchema.Tags.Model, model.Model), (PointSchema.Tags.Target, model.Target), (PointSchema.Tags.LeadHours, Lead(lead.LeadHours))),
                Fields(report,
                    ("predicted_mean", lead.PredictedMean),
                    ("forecast_mean", lead.ForecastMean ?? double.NaN),
                    ("rmse", lead.Rmse ?? double.NaN),
                    ("bias", lead.Bias ?? double.NaN),
                    ("disagreement_threshold", model.DisagreementThreshold ?? double.NaN),
                    ("disagreement_cells", (long)lead.DisagreementCells),
                    ("disagreement_km2", lead.DisagreementAreaKm2)),
                lead.ValidTime)));
        }

        foreach (IGrouping<(string Kind, int Lead), ExtremeRegion> group in report.Extremes.GroupBy(r => (r.Kind, r.LeadHours)))
        {
            int rank = 0;
            foreach (ExtremeRegion r in group.OrderByDescending(r => r.AreaKm2).ThenBy(r => r.Id, StringComparer.Ordinal))
            {
                rank++;
                points.Add(new LinePoint(PointSchema.Extreme,
                    Tags((PointSchema.Tags.Kind, r.Kind), (PointSchema.Tags.LeadHours, Lead(r.LeadHours)), (PointSchema.Tags.Rank, rank.ToString(CultureInfo.InvariantCulture))),
                    Fields(report,
                        ("region_id", r.Id), ("variable", r.Variable), ("units", r.Units), ("area_km2", r.AreaKm2), ("cells", (long)r.CellCount),
                        ("centroid_lat", r.CentroidLatitude), ("centroid_lon", r.CentroidLongitude),
                        ("north", r.North), ("south", r.South), ("west", r.West), ("east", r.East),
                        ("peak_value", r.PeakValue), ("peak_anomaly", r.PeakAnomaly), ("peak_lat", r.PeakLatitude), ("peak_lon", r.PeakLongitude),
                        ("sot", r.ShiftOfTails), ("percentile", r.PercentileExceeded), ("previous_id", r.PreviousCycleId ?? "")),
                    r.ValidTime));
            }
        }

        foreach (ExplainedRegion e in report.Explanations)
        {
            (string, string)[] tags = [(PointSchema.Tags.Model, e.Model), (PointSchema.Tags.Target, e.Target), (PointSchema.Tags.LeadHours, Lead(e.LeadHours)),
                (PointSchema.Tags.Source, SourceName(e.Source)), (PointSchema.Tags.Region, e.Slot)];
            for (int i = 0; i < e.Inputs.Count; i++)
            {
                InputRelevance input = e.Inputs[i];
                points.Add(new LinePoint(PointSchema.Relevance, Tags([.. tags, (PointSchema.Tags.Input, input.Input)]),
                    Fields(report, ("region_id", e.RegionId), ("share", input.Share), ("sum", input.Sum), ("absolute", input.Absolute),
                        ("positive", input.Positive), ("negative", input.Negative),
                        ("share_clim_mean", e.Anomaly?.ShareMeans[i] ?? double.NaN), ("share_clim_std", e.Anomaly?.ShareStandardDeviations[i] ?? double.NaN)),
                    e.ValidTime));
            }

            InputRelevance leading = e.Leading;
            points.Add(new LinePoint(PointSchema.RelevanceRegion, Tags(tags),
                Fields(report,
                    ("region_id", e.RegionId), ("area_km2", e.AreaKm2), ("cells", (long)e.Cells), ("centroid_lat", e.CentroidLatitude), ("centroid_lon", e.CentroidLongitude),
                    ("predicted_mean", e.PredictedMean), ("leading_input", leading.Input), ("leading_share", leading.Share),
                    ("footprint_east_km", e.FootprintEastKm), ("footprint_north_km", e.FootprintNorthKm), ("footprint_km", e.FootprintMeanDistanceKm),
                    ("footprint_wind", e.FootprintWind ?? ""), ("output_relevance", e.OutputRelevance), ("input_relevance", e.InputRelevance),
                    ("pattern", e.Pattern is null ? -1L : e.Pattern.Pattern), ("pattern_name", e.Pattern?.Name ?? ""),
                    ("pattern_distance", e.Pattern?.Distance ?? double.NaN),
                    ("pattern_ratio", e.Pattern is { TypicalDistance: > 0 } p ? p.Distance / p.TypicalDistance : double.NaN),
                    ("anomaly_score", e.Anomaly?.Score ?? double.NaN), ("anomaly_history", (long)(e.Anomaly?.History ?? 0)),
                    ("anomaly_location", e.Anomaly?.Location ?? ""), ("anomaly_feature", e.Anomaly?.Feature ?? ""),
                    ("anomaly_departure", e.Anomaly?.Departure ?? double.NaN),
                    ("forecast_mean", e.ForecastMean), ("climatological_mean", e.ClimatologicalMean), ("unexplained_departure", e.UnexplainedDeparture),
                    ("validation_rmse", e.ValidationRmse), ("unexplained_usual_mean", e.UsualUnexplained?.Mean ?? double.NaN),
                    ("unexplained_usual_spread", e.UsualUnexplained?.Spread ?? double.NaN)),
                e.ValidTime));
        }

        foreach (IGrouping<(string Rule, int Lead), ReportedAlert> group in (report.Alerts ?? []).GroupBy(a => (a.Rule, a.LeadHours ?? 0)))
        {
            int rank = 0;
            foreach (ReportedAlert a in group)
            {
                rank++;
                points.Add(new LinePoint(PointSchema.Alert,
                    Tags((PointSchema.Tags.Rule, a.Rule), (PointSchema.Tags.Severity, a.Severity), (PointSchema.Tags.LeadHours, Lead(group.Key.Lead)),
                        (PointSchema.Tags.Rank, rank.ToString(CultureInfo.InvariantCulture))),
                    Fields(report, ("key", a.Key), ("revision", (long)a.Revision), ("summary", a.Summary)),
                    report.InitTime.AddHours(group.Key.Lead)));
            }
        }

        foreach (RegimeLead r in report.Regimes)
        {
            var fields = new List<(string, object)>
            {
                ("label", r.Label), ("name", r.Name), ("nearest", r.Nearest),
                ("map_x", r.MapX ?? double.NaN), ("map_y", r.MapY ?? double.NaN),
            };
            fields.AddRange(r.Indices.Select(kv => ($"index_{kv.Key}", (object)kv.Value)));
            fields.AddRange(r.Pcs.Select((pc, i) => ($"pc{i + 1}", (object)pc)));
            for (int a = 0; a < r.Analogues.Count; a++)
            {
                AnalogueDay day = r.Analogues[a];
                fields.Add(($"analogue{a + 1}_time", day.ValidTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture)));
                fields.Add(($"analogue{a + 1}_distance", day.Distance));
                fields.Add(($"analogue{a + 1}_label", day.Label));
            }

            points.Add(new LinePoint(PointSchema.Regime, Tags((PointSchema.Tags.LeadHours, Lead(r.LeadHours))), Fields(report, [.. fields]), r.ValidTime));
        }

        return points;
    }

    /// <summary>The report's points as line protocol, one line per point with a finite field.</summary>
    public static IReadOnlyList<string> Lines(CycleReport report) => [.. From(report).Select(LineProtocol.Format).OfType<string>()];

    /// <summary>The name of <paramref name="source"/> as the <c>source</c> tag writes it.</summary>
    public static string SourceName(RegionSource source) => source switch
    {
        RegionSource.Extreme => "extreme",
        RegionSource.Watch => "watch",
        _ => "disagreement",
    };

    private static LinePoint CyclePoint(CycleReport report)
    {
        var fields = new List<(string, object)>
        {
            ("leads", (long)report.LeadHours.Count),
            ("grid", report.Grid.ToString()),
            ("models", (long)report.Models.Count),
            ("extremes", (long)report.Extremes.Count),
            ("explanations", (long)report.Explanations.Count),
            ("seconds_total", report.Stages.Sum(s => s.Seconds)),
            ("notes", string.Join("; ", report.Notes)),
            ("kernels", report.Kernels),
        };
        fields.AddRange(report.Stages.Select(s => ($"seconds_{s.Stage}", (object)s.Seconds)));
        return new LinePoint(PointSchema.Cycle, new Dictionary<string, string>(), Fields(report, [.. fields]), report.InitTime);
    }

    private static string Lead(int hours) => hours.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) => tags.ToDictionary(t => t.Key, t => t.Value);

    private static Dictionary<string, object> Fields(CycleReport report, params (string Key, object Value)[] fields)
    {
        var result = fields.ToDictionary(f => f.Key, f => f.Value);
        result[PointSchema.CycleField] = report.Cycle;
        return result;
    }
}
