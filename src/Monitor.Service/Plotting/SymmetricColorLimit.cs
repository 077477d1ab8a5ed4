namespace Monitor.Service.Plotting;

/// <summary>
/// The limit L of a colour scale running from −L to +L, so that zero sits in the middle of a diverging colour map.
/// </summary>
internal static class SymmetricColorLimit
{
    /// <summary>
    /// Percentile of |value| used as L: a few extreme cells saturate instead of washing out the rest of the map.
    /// </summary>
    public const double Percentile = 99.0;

    /// <summary>
    /// L = the <see cref="Percentile"/>th percentile of the finite |values| (linear interpolation between order
    /// statistics); the largest |value| when that percentile is 0; 1 when every value is zero or missing, since any
    /// positive limit keeps zero neutral.
    /// </summary>
    public static double Compute(IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] magnitudes = values.Where(float.IsFinite).Select(v => Math.Abs((double)v)).Order().ToArray();
        if (magnitudes.Length == 0)
        {
            return 1.0;
        }

        double limit = PercentileOfSorted(magnitudes, Percentile);
        if (limit > 0)
        {
            return limit;
        }

        return magnitudes[^1] > 0 ? magnitudes[^1] : 1.0;
    }

    private static double PercentileOfSorted(double[] sorted, double percentile)
    {
        double position = percentile / 100.0 * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
