using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;

namespace Monitor.Core.Monitoring.Reports;

/// <summary>
/// Everything the service learnt from one cycle, as plain records: what sinks write (InfluxDB points, report.json),
/// what the ledger and the HTTP status report. No tensors, no maps.
/// </summary>
/// <param name="Cycle">The cycle, <c>yyyyMMddHH</c>.</param>
/// <param name="InitTime">Its initialisation time (UTC).</param>
/// <param name="LeadHours">Its leads, hours.</param>
/// <param name="Grid">Its grid.</param>
/// <param name="Models">Per transfer model: skill against the forecast's own target and disagreement areas per lead.</param>
/// <param name="Extremes">Extreme regions of every kind and lead, tracked across leads and from the previous cycle.</param>
/// <param name="Explanations">The explained regions: extremes, watch regions and disagreement areas, per model and lead.</param>
/// <param name="Regimes">The regime of every lead, or empty when no regime model is configured.</param>
/// <param name="Stages">Seconds per stage.</param>
/// <param name="Notes">What was left out and why (e.g. "no climatology of tp: heavy_precipitation not detected").</param>
/// <param name="Kernels">The convolution kernels the models ran on (verified at start-up).</param>
/// <param name="Alerts">The alerts the cycle raised (added by the alert stage after processing); null or empty for none.</param>
public sealed record CycleReport(
    string Cycle,
    DateTime InitTime,
    IReadOnlyList<int> LeadHours,
    GridSpec Grid,
    IReadOnlyList<ModelReport> Models,
    IReadOnlyList<ExtremeRegion> Extremes,
    IReadOnlyList<ExplainedRegion> Explanations,
    IReadOnlyList<RegimeLead> Regimes,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<string> Notes,
    string Kernels,
    IReadOnlyList<ReportedAlert>? Alerts = null);
