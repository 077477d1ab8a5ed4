using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Transfer;

namespace Monitor.Service.Plotting;

/// <summary>
/// The picture of one explained region, for <c>explain --png</c> and alert e-mails: one map per input, zoomed on the
/// region and its relevance, coastlines, the region outlined, under a title saying what is explained (first line) and
/// how and against which reference state (second line).
/// </summary>
public static class RegionExplanationPanel
{
    /// <summary>The panel as PNG bytes.</summary>
    public static byte[] Encode(GridSpec grid, RegionExplanation result, ModelSpec spec, CycleData data, CycleId cycle, int lead, bool sharedScale)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        Explanation explanation = result.Explanation;
        RegionSummary summary = result.Summary;
        ExplanationContext context = result.Context;
        var maps = spec.Inputs.Select((input, c) =>
        {
            string units = VariableCatalog.Default.TryResolve(input, out VariableAlias? alias) ? alias.Variable.Units : "?";
            VariableRelevance totals = summary.Variables[c];
            string title = string.Create(CultureInfo.InvariantCulture, $"{input} [{units}]: share {totals.Share:P0}, sum {totals.Sum:G3}");
            return new PanelMap(title, $"relevance [σ of {spec.Target}]", explanation.Map(0, c).ToArray());
        }).ToList();
        float[]? land = data.Statics?.LandSeaMask;
        string heading = $"{spec.Name}: {summary.Explained} — cycle {cycle} +{lead} h\n"
            + $"{context.Method}, reference state: {context.ReferenceDescription} — {summary.Footprint.Describe()}"
            + (sharedScale ? " — one colour scale for all inputs" : "");
        return RelevancePanel.Encode(grid, maps, land, explanation.Selectors[0].Mask.ToArray(), heading,
            new PanelOptions { ZoomToRegion = true, SharedColorScale = sharedScale, Coastline = Coastline.FindInstalled(grid.LongitudeStep) });
    }
}
