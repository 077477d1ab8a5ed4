using System.Globalization;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Storage;
using Monitor.Service.Plotting;
using Monitor.Service.Reporting;

namespace Monitor.Service.Hosting;

/// <summary>
/// Writes <c>report.html</c> (<see cref="HtmlReport"/>) beside report.json. The maps need the fields again: the cycle is
/// read once (shared with the alerts' illustrations), each model predicts it again for the maps of model minus
/// forecast at the key leads, and the largest extreme region (else watch region) at the lead nearest
/// <see cref="RelevanceLeadHours"/> is explained again for its relevance maps (docs/report.md: the page's cost).
/// </summary>
/// <param name="processor">The models and the cycle's reading.</param>
/// <param name="regions">Reads the cycle and draws a region's relevance maps.</param>
public sealed class HtmlReportPage(CycleProcessor processor, RegionRelevanceMaps regions) : IReportPage
{
    /// <summary>The most leads drawn as maps per model.</summary>
    public const int MaxLeadMaps = 4;

    /// <summary>The lead (h) whose largest region gets relevance maps: a day ahead, where a forecaster acts.</summary>
    public const int RelevanceLeadHours = 24;

    /// <inheritdoc />
    public string FileName => HtmlReport.FileName;

    /// <inheritdoc />
    public void Write(CycleReport report, IReadOnlyList<string> files, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        CycleData data = regions.Data(CycleId.Parse(report.Cycle), files);
        IReadOnlyList<ReportFigure> leadMaps = LeadMaps(report, data, cancellationToken);
        IReadOnlyList<ReportFigure> relevance = RelevanceMaps(report, files, cancellationToken);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), HtmlReport.Build(report, leadMaps, relevance));
    }

    /// <summary>The leads drawn as maps: those a whole number of days ahead, at most <see cref="MaxLeadMaps"/>; the first leads when none is.</summary>
    public static IReadOnlyList<int> KeyLeads(IReadOnlyList<int> leadHours)
    {
        ArgumentNullException.ThrowIfNull(leadHours);
        int[] days = [.. leadHours.Where(h => h % 24 == 0).Take(MaxLeadMaps)];
        return days.Length > 0 ? days : [.. leadHours.Take(MaxLeadMaps)];
    }

    private List<ReportFigure> LeadMaps(CycleReport report, CycleData data, CancellationToken cancellationToken)
    {
        var figures = new List<ReportFigure>();
        Coastline? coastline = Coastline.FindInstalled(data.Grid.LongitudeStep);
        foreach (MonitoredModel model in processor.Models)
        {
            ModelReport? reported = report.Models.FirstOrDefault(m => m.Model == model.Model.Spec.Name);
            if (reported is not { HasForecastTarget: true })
            {
                continue;
            }

            CyclePrediction prediction = CyclePrediction.Run(model.Model, data, cancellationToken);
            int target = data.IndexOf(VariableId.Parse(reported.Target, VariableCatalog.Default));
            int cells = data.Grid.CellCount;
            foreach (int lead in KeyLeads(report.LeadHours))
            {
                int l = data.LeadHours.ToList().IndexOf(lead);
                ReadOnlySpan<float> forecast = data.Field(l, target);
                float[] difference = new float[cells];
                for (int i = 0; i < cells; i++)
                {
                    difference[i] = prediction.Predicted[(l * cells) + i] - forecast[i];
                }

                string valid = data.Cycle.ValidTime(lead).ToString("ddd dd MMM HH", CultureInfo.InvariantCulture);
                string caption = $"{reported.Model}: predicted minus forecast {reported.Target} [{reported.Units}] at +{lead} h ({valid} UTC), extremes outlined";
                var map = new PanelMap($"{reported.Target}: model − forecast", $"model − forecast [{reported.Units}]", difference);
                byte[] png = LeadMapPanel.Encode(data.Grid, map, [.. report.Extremes.Where(e => e.LeadHours == lead)], coastline, data.Statics?.LandSeaMask,
                    $"+{lead} h · valid {valid} UTC · {reported.Model}");
                figures.Add(new ReportFigure(caption, png));
            }
        }

        return figures;
    }

    private List<ReportFigure> RelevanceMaps(CycleReport report, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        if (report.Explanations.Count == 0)
        {
            return [];
        }

        int lead = report.Explanations.Select(e => e.LeadHours).MinBy(h => Math.Abs(h - RelevanceLeadHours));
        ExplainedRegion? region = Largest(report, lead, RegionSource.Extreme) ?? Largest(report, lead, RegionSource.Watch);
        if (region is null)
        {
            return [];
        }

        RegionPictures pictures = regions.Draw(new AlertRegion(region.Model, region.RegionId, region.Source, region.LeadHours), report, files, cancellationToken);
        string which = $"{region.RegionId} ({region.Source.ToString().ToLowerInvariant()}, largest at +{lead} h)";
        List<ReportFigure> figures = [new ReportFigure($"Relevance of each input for {which}, one colour scale for all inputs", pictures.Relevance)];
        if (pictures.Departures is { } departures)
        {
            figures.Add(new ReportFigure($"Around {which}: the forecast's departure from the climatology, the model's departure from its prediction for the climatological inputs, and the part left unexplained, one colour scale", departures));
        }

        return figures;
    }

    private static ExplainedRegion? Largest(CycleReport report, int lead, RegionSource source) =>
        report.Explanations.Where(e => e.LeadHours == lead && e.Source == source).MaxBy(e => e.AreaKm2);
}
