using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Transfer;

namespace Monitor.Service.Plotting;

/// <summary>
/// The extreme field beside what the model makes of it, for alert e-mails: around an explained region, three maps on one
/// colour scale in the target's units — the forecast's departure from the climatology (the extreme itself), the transfer
/// model's departure from its prediction for the climatological inputs, and their difference, the part the inputs do not
/// account for (docs/alerts.md, "Unexplained extremes") — framed as the region's relevance panel, coastlines, the region
/// outlined.
/// </summary>
public static class DeparturePanel
{
    /// <summary>The panel as PNG bytes.</summary>
    /// <param name="explanation">The region explained again (its relevance frames the window; its predictions are drawn).</param>
    /// <param name="spec">The model.</param>
    /// <param name="data">The cycle's fields (statics for the land).</param>
    /// <param name="forecast">The forecast's own target at the lead, target units.</param>
    /// <param name="climatologicalMean">The target's climatological mean at the valid time, target units.</param>
    /// <exception cref="ArgumentException">The explanation has no reference prediction, or a field does not fit the grid.</exception>
    public static byte[] Encode(RegionExplanation explanation, ModelSpec spec, CycleData data, float[] forecast, float[] climatologicalMean)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(climatologicalMean);
        GridSpec grid = data.Grid;
        float[] prediction = explanation.Context.Prediction;
        float[] reference = explanation.Context.ReferencePrediction
            ?? throw new ArgumentException("The explanation has no reference prediction: the model's departure is unknown.", nameof(explanation));
        var forecastDeparture = new float[grid.CellCount];
        var modelDeparture = new float[grid.CellCount];
        float[] unexplained = Monitor.Core.Monitoring.Anomalies.RelevanceClimatology.Departure(forecast, climatologicalMean, prediction, reference);
        for (int i = 0; i < grid.CellCount; i++)
        {
            forecastDeparture[i] = forecast[i] - climatologicalMean[i];
            modelDeparture[i] = prediction[i] - reference[i];
        }

        bool[] region = explanation.Explanation.Selectors[0].Mask.ToArray();
        int channels = explanation.Explanation.Channels;
        MapWindow window = MapWindow.Around(grid, region, Enumerable.Range(0, channels).Select(c => explanation.Explanation.Map(0, c).ToArray()));
        string units = VariableCatalog.Default.TryResolve(spec.Target, out VariableAlias? alias) ? alias.Variable.Units : "?";
        var c = CultureInfo.InvariantCulture;
        PanelMap[] maps =
        [
            new(string.Create(c, $"forecast {spec.Target} − climatology [{units}]"), units, forecastDeparture),
            new(string.Create(c, $"model − its prediction for the climatological inputs [{units}]"), units, modelDeparture),
            new(string.Create(c, $"unexplained: the difference [{units}]"), units, unexplained),
        ];
        string heading = $"{spec.Name}: {explanation.Summary.Explained} — cycle {explanation.Context.Cycle} +{explanation.Context.LeadHours} h\n"
            + "what the forecast holds, what the model makes of its inputs, and what is left — one colour scale";
        return RelevancePanel.Encode(grid, maps, data.Statics?.LandSeaMask, region, heading,
            new PanelOptions { Window = window, SharedColorScale = true, Coastline = Coastline.FindInstalled(grid.LongitudeStep) });
    }
}
