using Monitor.Core.Regimes;
using ScottPlot;

namespace Monitor.Service.Plotting;

/// <summary>
/// Draws the regime model's state map (t-SNE of the archive's states, <see cref="RegimeMap"/>): every past state as a
/// dot coloured by its regime (grey for no regime), and a new cycle's leads as a labelled track on top.
/// </summary>
public static class RegimeMapPlot
{
    private const int Width = 1100;
    private const int Height = 850;

    /// <summary>Writes the map with the track <paramref name="positions"/> (<c>[lead, 2]</c>) of <paramref name="cycle"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, RegimeMap map, RegimeModelInfo info, double[,] positions, IReadOnlyList<int> leads, string cycle)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(leads);
        if (positions.GetLength(0) != leads.Count)
        {
            throw new ArgumentException($"{positions.GetLength(0)} map positions for {leads.Count} leads.", nameof(positions));
        }

        PanelFont.EnsureRegistered();
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string[] labels = [.. info.RegimeIds, RegimeHistory.NoRegime];
        for (int g = 0; g < labels.Length; g++)
        {
            int[] members = [.. Enumerable.Range(0, map.Times.Count).Where(i => map.Labels[i] == labels[g])];
            if (members.Length == 0)
            {
                continue;
            }

            bool none = labels[g] == RegimeHistory.NoRegime;
            var dots = plot.Add.ScatterPoints(
                members.Select(i => map.Coordinates[i, 0]).ToArray(),
                members.Select(i => map.Coordinates[i, 1]).ToArray(),
                none ? Colors.LightGray : palette.GetColor(g));
            dots.MarkerSize = 4;
            dots.LegendText = none ? "no regime" : $"{labels[g]} {info.RegimeNames[g]}";
        }

        double[] xs = [.. Enumerable.Range(0, leads.Count).Select(l => positions[l, 0])];
        double[] ys = [.. Enumerable.Range(0, leads.Count).Select(l => positions[l, 1])];
        var track = plot.Add.Scatter(xs, ys, Colors.Black);
        track.LineWidth = 2;
        track.MarkerSize = 8;
        track.LegendText = $"cycle {cycle}";
        for (int l = 0; l < leads.Count; l++)
        {
            var label = plot.Add.Text($"+{leads[l]} h", xs[l], ys[l]);
            label.LabelFontSize = 11;
            label.LabelBold = true;
        }

        plot.Title($"State map of {map.Times.Count} past states (t-SNE, T(10) {map.Trustworthiness:F2}) and cycle {cycle}");
        plot.XLabel("t-SNE 1");
        plot.YLabel("t-SNE 2");
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, Width, Height);
    }
}
