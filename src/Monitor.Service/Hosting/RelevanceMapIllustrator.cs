using Microsoft.Extensions.Logging;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Plotting;

namespace Monitor.Service.Hosting;

/// <summary>
/// Puts the relevance maps of the alerted region into the alert: the region is explained again as the cycle processor
/// explained it (same model, composite and reference state) and drawn as the <c>explain --png</c> panel (one map per
/// input around the region, coastlines, the region outlined). A picture that cannot be made is logged and the alert goes
/// out without it — an alert is never held back for its illustration.
/// </summary>
/// <param name="processor">Explains the region again.</param>
/// <param name="logger">The log.</param>
public sealed partial class RelevanceMapIllustrator(CycleProcessor processor, ILogger<RelevanceMapIllustrator> logger) : IAlertIllustrator
{
    private readonly Lock _lock = new();
    private (CycleId Cycle, CycleData Data)? _cached;

    /// <inheritdoc />
    public Alert Illustrate(Alert alert, AlertCandidate candidate, CycleReport report, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(report);
        if (candidate.Region is not { } region)
        {
            return alert;
        }

        try
        {
            var cycle = CycleId.Parse(report.Cycle);
            CycleData data = Data(cycle, files);
            bool[] mask = Mask(region, report, data.Grid);
            RegionExplanation explanation = processor.ExplainAgain(data, region.Model, new RegionRequest(region.LeadHours, mask, $"over {region.RegionId}"));
            Monitor.Core.Transfer.ModelSpec spec = processor.Models.First(m => m.Model.Spec.Name == region.Model).Model.Spec;
            byte[] png = RegionExplanationPanel.Encode(data.Grid, explanation, spec, data, cycle, region.LeadHours, sharedScale: true);
            var image = new AlertImage($"relevance-{alert.Revision}@v2v", $"relevance-{region.RegionId}-{region.LeadHours}h.png", png,
                $"Relevance of each input for {region.RegionId} at +{region.LeadHours} h, one colour scale for all inputs");
            return alert with { Images = [.. alert.Images, image] };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotIllustrated(logger, ex, alert.Key, ex.Message);
            return alert;
        }
    }

    private CycleData Data(CycleId cycle, IReadOnlyList<string> files)
    {
        lock (_lock)
        {
            if (_cached is { } cached && cached.Cycle == cycle)
            {
                return cached.Data;
            }

            CycleData data = processor.ReadCycle(cycle, files);
            _cached = (cycle, data);
            return data;
        }
    }

    private bool[] Mask(AlertRegion region, CycleReport report, GridSpec grid)
    {
        if (region.Source == RegionSource.Watch)
        {
            WatchRegion watch = processor.WatchRegions.FirstOrDefault(w => w.Name == region.RegionId)
                ?? throw new InvalidOperationException($"watch region {region.RegionId} is no longer configured");
            return watch.Mask(grid);
        }

        ExtremeRegion extreme = report.Extremes.FirstOrDefault(e => e.Id == region.RegionId && e.LeadHours == region.LeadHours)
            ?? throw new InvalidOperationException($"extreme {region.RegionId} at +{region.LeadHours} h is not in the report");
        var mask = new bool[grid.CellCount];
        foreach (int cell in extreme.Cells)
        {
            mask[cell] = true;
        }

        return mask;
    }

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Alert {Key}: sent without its relevance maps: {Reason}")]
    private static partial void LogNotIllustrated(ILogger logger, Exception exception, string key, string reason);
}
