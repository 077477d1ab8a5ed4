namespace Monitor.Bench;

/// <summary>The distribution of a per-sample score over the explained samples.</summary>
/// <param name="Median">Median.</param>
/// <param name="Q1">25th percentile.</param>
/// <param name="Q3">75th percentile.</param>
/// <param name="P5">5th percentile.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Count">Number of finite values summarised.</param>
/// <param name="NonFinite">Number of samples whose score was not finite (e.g. an all-zero map has no correlation).</param>
internal sealed record FidelitySummary(double Median, double Q1, double Q3, double P5, double P95, double Mean, int Count, int NonFinite)
{
    /// <summary>Summarises <paramref name="values"/>; percentiles interpolate linearly between order statistics (Hyndman and Fan type 7).</summary>
    public static FidelitySummary Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        int nonFinite = values.Count - sorted.Length;
        if (sorted.Length == 0)
        {
            return new FidelitySummary(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, nonFinite);
        }

        return new FidelitySummary(Percentile(sorted, 0.5), Percentile(sorted, 0.25), Percentile(sorted, 0.75), Percentile(sorted, 0.05),
            Percentile(sorted, 0.95), sorted.Average(), sorted.Length, nonFinite);
    }

    private static double Percentile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
