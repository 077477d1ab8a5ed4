using System.Globalization;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>The one sentence of an alert, in a forecaster's words.</summary>
public static class AlertSentences
{
    /// <summary>
    /// E.g. "Warm extreme around 45°N 10°E at +48 h: v10 has 62 % of the relevance, normally 18 ± 7 % here at 12 UTC in
    /// December–February (anomaly score 6.3)".
    /// </summary>
    public static string AnomalousRelevance(ExplainedRegion region, ExtremeRegion? extreme, RelevanceAnomaly anomaly)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(anomaly);
        var c = CultureInfo.InvariantCulture;
        string what = region.Source == RegionSource.Watch
            ? $"Unusual reasoning over {region.RegionId}"
            : $"{KindPhrase(extreme?.Kind)} {Place(region.CentroidLatitude, region.CentroidLongitude)}";
        string when = string.Create(c, $"at +{region.LeadHours} h");
        string season = string.Create(c, $"here at {anomaly.Hour:D2} UTC in {MeteorologicalSeason.Months(anomaly.Season)}");
        string why = Departure(anomaly, season);
        return string.Create(c, $"{what} {when}: {why} (anomaly score {anomaly.Score:F1})");
    }

    /// <summary>
    /// E.g. "Warm extreme around 52°N 22°E at +24 h not accounted for by its inputs (tcc, u10, v10, tp, tisr, orography):
    /// forecast +8.6 K from the climatology, the transfer model +1.4 K (+7.2 K unexplained; usually +0.3 ± 0.9 K here; 4.1 usual
    /// deviations at its core)" — the core's part when <paramref name="core"/> is given (the rule judges the core).
    /// </summary>
    public static string UnexplainedExtreme(ExplainedRegion region, ExtremeRegion extreme, double? core = null)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(extreme);
        var c = CultureInfo.InvariantCulture;
        string units = extreme.Units;
        var parts = new List<string> { string.Create(c, $"{Signed(region.UnexplainedDeparture)} {units} unexplained") };
        if (region.UsualUnexplained is { } usual)
        {
            parts.Add(string.Create(c, $"usually {Signed(usual.Mean)} ± {usual.Spread:F1} {units} here"));
        }

        if (core is double deviations)
        {
            parts.Add(string.Create(c, $"{deviations:F1} usual deviations at its core"));
        }

        return string.Create(c,
            $"{KindPhrase(extreme.Kind)} {Place(region.CentroidLatitude, region.CentroidLongitude)} at +{region.LeadHours} h not accounted for by its inputs ({string.Join(", ", region.Inputs.Select(i => i.Input))}): forecast {Signed(region.ForecastDeparture)} {units} from the climatology, the transfer model {Signed(region.ModelDeparture)} {units} ({string.Join("; ", parts)})");
    }

    private static string Signed(double value) => value.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The start of an explained region's alert body: the sentence, then the cycle, lead, valid time and model, and what
    /// was explained relative to what.
    /// </summary>
    public static System.Text.StringBuilder RegionDetails(CycleReport report, ExplainedRegion region, string summary)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(region);
        var c = CultureInfo.InvariantCulture;
        return new System.Text.StringBuilder()
            .AppendLine(summary).AppendLine()
            .AppendLine(string.Create(c, $"Cycle {report.Cycle}, +{region.LeadHours} h (valid {region.ValidTime:yyyy-MM-dd HH}:00 UTC), model {region.Model} ({region.Target})."))
            .AppendLine(string.Create(c, $"Explained: {region.Explained}, relative to {region.RelativeTo}."));
    }

    /// <summary>"45°N 10°E" style, whole degrees.</summary>
    public static string Place(double latitude, double longitude)
    {
        double lon = ((longitude + 540) % 360) - 180;
        return string.Create(CultureInfo.InvariantCulture,
            $"around {Math.Abs(latitude):F0}°{(latitude >= 0 ? "N" : "S")} {Math.Abs(lon):F0}°{(lon >= 0 ? "E" : "W")}");
    }

    private static string KindPhrase(string? kind) => kind switch
    {
        "hot" => "Warm extreme",
        "cold" => "Cold extreme",
        "wind" => "Wind extreme",
        "heavy_precipitation" => "Heavy precipitation",
        _ => "Extreme",
    };

    private static string Departure(RelevanceAnomaly anomaly, string season)
    {
        var c = CultureInfo.InvariantCulture;
        string feature = anomaly.Feature;
        if (feature.StartsWith("share_", StringComparison.Ordinal))
        {
            return string.Create(c,
                $"{feature["share_".Length..]} has {100 * anomaly.Value:F0} % of the relevance, normally {100 * anomaly.Mean:F0} ± {100 * anomaly.StandardDeviation:F0} % {season}");
        }

        if (feature.StartsWith("signed_", StringComparison.Ordinal))
        {
            string input = feature["signed_".Length..];
            string direction = anomaly.Value >= 0 ? "pushes the prediction away from the climatology" : "holds the prediction back towards the climatology";
            return string.Create(c,
                $"{input} {direction} ({100 * anomaly.Value:+0;-0} % of the relevance, normally {100 * anomaly.Mean:+0;-0} ± {100 * anomaly.StandardDeviation:F0} % {season})");
        }

        string axis = feature switch
        {
            "footprint_east_km" => "east of",
            "footprint_north_km" => "north of",
            _ => "from",
        };
        return string.Create(c,
            $"the relevance lies {anomaly.Value:F0} km {axis} the region, normally {anomaly.Mean:F0} ± {anomaly.StandardDeviation:F0} km {season}");
    }
}
