namespace Monitor.Core.Grids;

/// <summary>NaN-aware minimum, mean and maximum of a block of values.</summary>
/// <param name="Count">Number of values.</param>
/// <param name="MissingCount">Number of NaN values.</param>
/// <param name="Minimum">Smallest finite value, NaN if all missing.</param>
/// <param name="Mean">Mean of finite values (accumulated in double), NaN if all missing.</param>
/// <param name="Maximum">Largest finite value, NaN if all missing.</param>
public sealed record FieldStatistics(long Count, long MissingCount, double Minimum, double Mean, double Maximum)
{
    /// <summary>Summarises the values, skipping NaN.</summary>
    public static FieldStatistics Of(ReadOnlySpan<float> values)
    {
        long missing = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (float v in values)
        {
            if (float.IsNaN(v))
            {
                missing++;
                continue;
            }

            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        long valid = values.Length - missing;
        return valid == 0
            ? new FieldStatistics(values.Length, missing, double.NaN, double.NaN, double.NaN)
            : new FieldStatistics(values.Length, missing, min, sum / valid, max);
    }
}
