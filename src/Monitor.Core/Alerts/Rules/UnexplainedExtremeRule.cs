using System.Globalization;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// Unexplained extreme: an explained extreme region whose forecast departs from the climatology by more than the transfer
/// model, given the same cycle's inputs, departs from its reference prediction — the part of the extreme that the usual
/// drivers the model has learnt (clouds, winds, sunshine …) do not account for — by at least <see cref="WarningFactor"/>
/// (warning) or <see cref="SevereFactor"/> (severe) of its usual spread there, from the model's relevance climatology
/// (docs/alerts.md, "Unexplained extremes"): with <see cref="UnexplainedMeasure.Core"/> the most unusual 3 × 3-cell
/// window of the departure standardised cell by cell (<see cref="CoreFactor"/>), with <see cref="UnexplainedMeasure.Region"/>
/// (departure − its usual mean) / its usual standard deviation over the region's cells (<see cref="Factor"/>), both at
/// that lead, hour and season. Only the part in the extreme's own direction counts: warmth for a hot
/// extreme, cold for a cold one, more for wind and precipitation. One event per extreme track, as for
/// <see cref="AnomalousRelevanceRule"/>; with an <see cref="Area"/>, only extremes centred inside it.
/// </summary>
/// <param name="Name">The rule's name.</param>
/// <param name="WarningFactor">Unexplained departure, in its usual standard deviations there, from which a region is a warning.</param>
/// <param name="SevereFactor">From which it is severe (≥ <paramref name="WarningFactor"/>).</param>
/// <param name="MaxLeadHours">Leads beyond this are not considered.</param>
/// <param name="Recipients">Who gets it.</param>
/// <param name="Area">The area watched, or null for the whole grid.</param>
/// <param name="Measure">What is judged: the region's unexplained core or its mean.</param>
public sealed record UnexplainedExtremeRule(string Name, double WarningFactor, double SevereFactor, int MaxLeadHours, IReadOnlyList<string> Recipients,
    AlertArea? Area = null, UnexplainedMeasure Measure = UnexplainedMeasure.Region)
    : ICycleAlertRule
{
    /// <summary>Side of the coarse boxes (degrees) that name an event's subject: extremes in different boxes are throttled apart.</summary>
    public const double SubjectBoxDegrees = 20;

    /// <inheritdoc />
    public IReadOnlyList<AlertCandidate> Evaluate(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var candidates = new List<AlertCandidate>();
        var extremes = report.Extremes.ToDictionary(e => (e.Id, e.LeadHours));
        CycleId cycle = CycleId.Parse(report.Cycle);
        foreach (ExplainedRegion region in report.Explanations)
        {
            if (region.Source != RegionSource.Extreme || region.LeadHours > MaxLeadHours
                || Area?.Contains(region.CentroidLatitude, region.CentroidLongitude) == false
                || !extremes.TryGetValue((region.RegionId, region.LeadHours), out ExtremeRegion? extreme)
                || Measured(region, extreme.Kind) is not double factor || factor < WarningFactor)
            {
                continue;
            }

            string subject = string.Create(CultureInfo.InvariantCulture, $"{region.Model}/{extreme.Kind}/{Box(region.CentroidLatitude, region.CentroidLongitude)}");
            string summary = AlertSentences.UnexplainedExtreme(region, extreme, Measure == UnexplainedMeasure.Core ? factor : null);
            candidates.Add(new AlertCandidate(Name, subject, region.RegionId, extreme.PreviousCycleId,
                factor >= SevereFactor ? AlertSeverity.Severe : AlertSeverity.Warning, factor, cycle, region.ValidTime, region.LeadHours,
                summary, Details(report, region, extreme.Kind, factor, summary), Recipients, new AlertRegion(region.Model, region.RegionId, region.Source, region.LeadHours)));
        }

        return candidates;
    }

    /// <summary>
    /// The unexplained departure in the extreme's direction, in its usual standard deviations over the region: (departure −
    /// usual mean) / usual spread, signed so that more warmth counts for a hot extreme and more cold for a cold one; null
    /// when it cannot be measured (no forecast target, no climatology, a reference that is not the climatology, or too
    /// little history of the model's unexplained departure there).
    /// </summary>
    public static double? Factor(ExplainedRegion region, string kind)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.UsualUnexplained is not { Spread: > 0 } usual)
        {
            return null;
        }

        double unexplained = (region.UnexplainedDeparture - usual.Mean) * (kind == "cold" ? -1 : 1);
        return double.IsFinite(unexplained) ? unexplained / usual.Spread : null;
    }

    /// <summary>
    /// The region's unexplained core in the extreme's direction: its most unusual 3 × 3-cell window mean of the unexplained
    /// departure in usual standard deviations cell by cell — the largest (<see cref="Monitoring.Anomalies.UnexplainedCore.High"/>) for a hot or
    /// other extreme, minus the smallest (<see cref="Monitoring.Anomalies.UnexplainedCore.Low"/>) for a cold one; null without a core.
    /// </summary>
    public static double? CoreFactor(ExplainedRegion region, string kind)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.UnexplainedCore is not { } core)
        {
            return null;
        }

        double factor = kind == "cold" ? -core.Low : core.High;
        return double.IsFinite(factor) ? factor : null;
    }

    /// <summary>"40N-20E": the south-west corner of the <see cref="SubjectBoxDegrees"/> box holding a point.</summary>
    public static string Box(double latitude, double longitude)
    {
        double lon = ((longitude % 360) + 360) % 360;
        int south = (int)Math.Floor(latitude / SubjectBoxDegrees) * (int)SubjectBoxDegrees;
        int west = (int)Math.Floor(lon / SubjectBoxDegrees) * (int)SubjectBoxDegrees;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(south)}{(south >= 0 ? "N" : "S")}-{west}E");
    }

    private double? Measured(ExplainedRegion region, string kind) =>
        Measure == UnexplainedMeasure.Core ? CoreFactor(region, kind) : Factor(region, kind);

    private string Details(CycleReport report, ExplainedRegion region, string kind, double factor, string summary)
    {
        var c = CultureInfo.InvariantCulture;
        System.Text.StringBuilder text = AlertSentences.RegionDetails(report, region, summary);
        text.AppendLine(string.Create(c, $"Forecast mean {region.ForecastMean:F1}, climatological mean {region.ClimatologicalMean:F1}: departure {region.ForecastDeparture:+0.0;-0.0}."));
        text.AppendLine(string.Create(c, $"Model prediction {region.PredictedMean:F1}, for the climatological inputs {region.ReferencePredictedMean:F1}: departure {region.ModelDeparture:+0.0;-0.0}."));
        string usual = region.UsualUnexplained is { } u
            ? string.Create(c, $"usually {u.Mean:+0.0;-0.0} ± {u.Spread:F1} here at this lead, hour and season ({u.History} cycles or more): {Factor(region, kind):F1} standard deviations over the region")
            : "no usual value over the whole region yet";
        text.AppendLine(string.Create(c, $"Unexplained: {region.UnexplainedDeparture:+0.0;-0.0}; {usual}."));
        if (region.UnexplainedCore is { } core)
        {
            text.AppendLine(string.Create(c, $"Unexplained core (3 × 3-cell windows, in usual standard deviations cell by cell): {core.Low:+0.0;-0.0} to {core.High:+0.0;-0.0}."));
        }

        text.AppendLine(string.Create(c, $"Judged on the {(Measure == UnexplainedMeasure.Core ? "core" : "region's mean")}: {factor:F1} against {WarningFactor:F2} (warning) and {SevereFactor:F2} (severe)."));
        text.AppendLine(string.Create(c, $"The model's validation RMSE there: {region.ValidationRmse:F2}."));
        text.AppendLine().AppendLine("Share of relevance of the model's own departure:");
        foreach (InputRelevance input in region.Inputs)
        {
            text.AppendLine(string.Create(c, $"  {input.Input,-10} {100 * input.Share,5:F1} %"));
        }

        return text.ToString();
    }
}
