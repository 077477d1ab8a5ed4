using ScottPlot;

namespace Monitor.Service.Plotting;

/// <summary>
/// Each input's share of the relevance over a region as a bar, against its climatological band (mean ± one standard
/// deviation for that place, lead, hour and season; the mean marked): the picture of an anomalous-relevance alert's
/// sentence. A share outside its band is drawn in the warning colour. PNG, for e-mail (an image renders in every mail
/// client, where positioned HTML does not).
/// </summary>
internal static class ShareBandChart
{
    private const int Width = 640;
    private const int HeightPerInput = 34;
    private const int Frame = 110;

    private static readonly Color s_band = Color.FromHex("#C8D3E0");
    private static readonly Color s_mean = Color.FromHex("#4A5A6E");
    private static readonly Color s_inside = Color.FromHex("#3B6FB6");
    private static readonly Color s_outside = Color.FromHex("#D0542C");

    /// <summary>The chart as PNG.</summary>
    /// <param name="inputs">Input names, top to bottom.</param>
    /// <param name="shares">Each input's share of Σ|R| (0–1).</param>
    /// <param name="means">Its climatological mean share (0–1).</param>
    /// <param name="deviations">Its climatological standard deviation (share units).</param>
    /// <param name="title">The chart's title.</param>
    public static byte[] Encode(IReadOnlyList<string> inputs, IReadOnlyList<double> shares, IReadOnlyList<double> means, IReadOnlyList<double> deviations, string title)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(deviations);
        int n = inputs.Count;
        if (n == 0 || shares.Count != n || means.Count != n || deviations.Count != n)
        {
            throw new ArgumentException($"{n} inputs need as many shares ({shares.Count}), means ({means.Count}) and deviations ({deviations.Count}).");
        }

        PanelFont.EnsureRegistered();
        using var plot = new Plot();
        plot.Font.Set(PanelFont.Family);
        double[] positions = new double[n];
        for (int i = 0; i < n; i++)
        {
            double y = n - 1 - i;
            positions[i] = y;
            double low = Math.Max(0, means[i] - deviations[i]), high = Math.Min(1, means[i] + deviations[i]);
            Band(plot.Add.Rectangle(100 * low, 100 * high, y - 0.38, y + 0.38), s_band);
            bool outside = shares[i] < low || shares[i] > high;
            Band(plot.Add.Rectangle(0, 100 * Math.Clamp(shares[i], 0, 1), y - 0.2, y + 0.2), outside ? s_outside : s_inside);
            var mean = plot.Add.Line(100 * means[i], y - 0.38, 100 * means[i], y + 0.38);
            mean.LineColor = s_mean;
            mean.LineWidth = 2;
            var label = plot.Add.Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{100 * shares[i]:F0} %"), 100 * Math.Clamp(shares[i], 0, 1) + 1, y);
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.MiddleLeft;
            label.LabelFontColor = outside ? s_outside : Colors.Black;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. inputs]);
        plot.Axes.SetLimits(0, 100, -0.6, n - 0.4);
        plot.XLabel("Share of relevance [%]; band: climatological mean ± 1 σ");
        plot.Title(title, size: 14);
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot.GetImageBytes(Width, Frame + HeightPerInput * n, ImageFormat.Png);
    }

    private static void Band(ScottPlot.Plottables.Rectangle rectangle, Color color)
    {
        rectangle.FillStyle.Color = color;
        rectangle.LineStyle.Width = 0;
    }
}
