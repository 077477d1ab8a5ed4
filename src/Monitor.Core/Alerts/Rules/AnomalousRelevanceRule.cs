using System.Globalization;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// Anomalous relevance: an explained extreme or watch region whose anomaly score against the relevance climatology
/// (docs/alerts.md, "Anomaly score") reaches <see cref="WarningScore"/> (warning) or <see cref="SevereScore"/>
/// (severe). One event per extreme track (followed across leads, and across cycles by the track's link to the previous
/// cycle) or per watch region; with an <see cref="Area"/>, only regions centred inside it.
/// </summary>
/// <param name="Name">The rule's name.</param>
/// <param name="WarningScore">Score from which a region is reported as a warning.</param>
/// <param name="SevereScore">Score from which it is severe (≥ <paramref name="WarningScore"/>).</param>
/// <param name="MaxLeadHours">Leads beyond this are not considered.</param>
/// <param name="Recipients">Who gets it.</param>
/// <param name="Area">The area watched, or null for the whole grid.</param>
public sealed record AnomalousRelevanceRule(string Name, double WarningScore, double SevereScore, int MaxLeadHours, IReadOnlyList<string> Recipients,
    AlertArea? Area = null)
    : ICycleAlertRule
{
    /// <inheritdoc />
    public IReadOnlyList<AlertCandidate> Evaluate(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var candidates = new List<AlertCandidate>();
        var extremes = report.Extremes.ToDictionary(e => (e.Id, e.LeadHours));
        CycleId cycle = CycleId.Parse(report.Cycle);
        foreach (ExplainedRegion region in report.Explanations)
        {
            if (region.Anomaly is not { } anomaly || anomaly.Score < WarningScore || region.LeadHours > MaxLeadHours
                || region.Source is not (RegionSource.Extreme or RegionSource.Watch)
                || Area?.Contains(region.CentroidLatitude, region.CentroidLongitude) == false)
            {
                continue;
            }

            ExtremeRegion? extreme = region.Source == RegionSource.Extreme && extremes.TryGetValue((region.RegionId, region.LeadHours), out ExtremeRegion? e) ? e : null;
            // Extremes are throttled per kind and climatology bin: a second hot extreme elsewhere is its own news.
            string subject = region.Source == RegionSource.Watch
                ? $"{region.Model}/watch/{region.RegionId}"
                : $"{region.Model}/{extreme?.Kind ?? "extreme"}/{anomaly.Location}";
            string summary = AlertSentences.AnomalousRelevance(region, extreme, anomaly);
            candidates.Add(new AlertCandidate(Name, subject, region.RegionId, region.Source == RegionSource.Watch ? region.RegionId : extreme?.PreviousCycleId,
                anomaly.Score >= SevereScore ? AlertSeverity.Severe : AlertSeverity.Warning, anomaly.Score, cycle, region.ValidTime, region.LeadHours,
                summary, Details(report, region, anomaly, summary), Recipients, new AlertRegion(region.Model, region.RegionId, region.Source, region.LeadHours)));
        }

        return candidates;
    }

    private static string Details(CycleReport report, ExplainedRegion region, RelevanceAnomaly anomaly, string summary)
    {
        var c = CultureInfo.InvariantCulture;
        System.Text.StringBuilder text = AlertSentences.RegionDetails(report, region, summary);
        text.AppendLine(string.Create(c, $"Predicted mean {region.PredictedMean:F1}, reference {region.ReferencePredictedMean:F1}."));
        text.AppendLine(string.Create(c,
            $"Anomaly score {anomaly.Score:F1} (about √{anomaly.Features} ≈ {Math.Sqrt(anomaly.Features):F1} is ordinary) against {anomaly.History} explanations at {anomaly.Location}, {anomaly.Hour:D2} UTC, {MeteorologicalSeason.Months(anomaly.Season)}."));
        text.AppendLine().AppendLine("Share of relevance (this case; climatology mean ± standard deviation):");
        for (int i = 0; i < region.Inputs.Count; i++)
        {
            text.AppendLine(string.Create(c,
                $"  {region.Inputs[i].Input,-10} {100 * region.Inputs[i].Share,5:F1} %   ({100 * anomaly.ShareMeans[i]:F1} ± {100 * anomaly.ShareStandardDeviations[i]:F1} %)"));
        }

        text.AppendLine(string.Create(c, $"Footprint: {region.FootprintEastKm:F0} km east, {region.FootprintNorthKm:F0} km north of the centroid{(region.FootprintWind is null ? "" : $", {region.FootprintWind}")}."));
        return text.ToString();
    }
}
