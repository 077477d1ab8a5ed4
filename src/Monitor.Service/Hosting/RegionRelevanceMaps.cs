using Monitor.Core.Alerts.Rules;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Plotting;

namespace Monitor.Service.Hosting;

/// <summary>
/// The relevance maps of one region of a processed cycle, for alert e-mails and the HTML report: the region is explained
/// again as the cycle processor explained it (same model, composite and reference state) and drawn as the
/// <c>explain --png</c> panel (one map per input around the region, coastlines, the region outlined, one colour scale).
/// Beside it, where it can be measured, the extreme field and what the model makes of it (<see cref="DeparturePanel"/>).
/// The cycle's fields are read once per cycle and kept for the next region of the same cycle.
/// </summary>
/// <param name="processor">Reads the cycle and explains the region again.</param>
public sealed class RegionRelevanceMaps(CycleProcessor processor)
{
    private readonly Lock _lock = new();
    private (CycleId Cycle, CycleData Data)? _cached;

    /// <summary>The cycle's fields as the processor reads them, from the last call's copy when it was the same cycle.</summary>
    public CycleData Data(CycleId cycle, IReadOnlyList<string> files)
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

    /// <summary>
    /// The pictures of <paramref name="region"/> in <paramref name="report"/>, read from <paramref name="files"/>: the PNG
    /// panel of its relevance, and — where the cycle has the target and the explanations are measured from the
    /// climatology — the PNG panel of its departures (<see cref="DeparturePanel"/>), framed alike.
    /// </summary>
    /// <exception cref="InvalidOperationException">The region is no longer configured or not in the report.</exception>
    public RegionPictures Draw(AlertRegion region, CycleReport report, IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(report);
        var cycle = CycleId.Parse(report.Cycle);
        CycleData data = Data(cycle, files);
        bool[] mask = Mask(region, report, data.Grid);
        RegionExplanation explanation = processor.ExplainAgain(data, region.Model, new RegionRequest(region.LeadHours, mask, $"over {region.RegionId}"), cancellationToken);
        Monitor.Core.Transfer.ModelSpec spec = processor.Models.First(m => m.Model.Spec.Name == region.Model).Model.Spec;
        byte[] relevance = RegionExplanationPanel.Encode(data.Grid, explanation, spec, data, cycle, region.LeadHours, sharedScale: true);
        byte[]? departures = explanation.Context.ReferencePrediction is not null
            && processor.TargetAgainstClimatology(data, region.Model, region.LeadHours) is var (forecast, climatologicalMean)
            ? DeparturePanel.Encode(explanation, spec, data, forecast, climatologicalMean)
            : null;
        return new RegionPictures(relevance, departures);
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
}
