namespace Monitor.Core.Tests.Synthetic;

/// <summary>Sample quantiles with linear interpolation between order statistics (numpy's default, "type 7").</summary>
internal static class Percentile
{
    /// <summary>The <paramref name="q"/>-quantile (0–1) of <paramref name="values"/>.</summary>
    public static double Of(IEnumerable<double> values, double q)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        Assert.NotEmpty(sorted);
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
