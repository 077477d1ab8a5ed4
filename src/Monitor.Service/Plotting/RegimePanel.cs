using Monitor.Core.Grids;
using Monitor.Core.Regimes;

namespace Monitor.Service.Plotting;

/// <summary>Writes each regime's pattern (composite anomaly) as a PNG map, <c>regime_R1.png</c> …, in a model directory.</summary>
public static class RegimePanel
{
    /// <summary>
    /// Writes one PNG per regime into <paramref name="directory"/> and returns the paths. Geopotential patterns
    /// (m² s⁻²) are drawn in geopotential metres (÷ g = 9.80665 m s⁻²).
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, RegimeModel model, float[]? landFraction)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool geopotential = model.Info.Units == "m**2 s**-2";
        double scale = geopotential ? 1 / VariableCatalog.StandardGravity : 1;
        string units = geopotential ? "gpm" : model.Info.Units;
        var paths = new List<string>();
        for (int r = 0; r < model.RegimeCount; r++)
        {
            string id = model.Info.RegimeIds[r], name = model.Info.RegimeNames[r];
            float[] values = [.. model.Patterns[r].Select(v => (float)(v * scale))];
            string path = Path.Combine(directory, $"regime_{id}.png");
            string title = name == id ? $"Regime {id}" : $"Regime {id}: {name}";
            RelevancePanel.Write(path, model.Grid, [new PanelMap($"{model.Info.Variable} anomaly, composite", $"{model.Info.Variable} anomaly [{units}]", values)],
                landFraction, null, title);
            paths.Add(path);
        }

        return paths;
    }
}
