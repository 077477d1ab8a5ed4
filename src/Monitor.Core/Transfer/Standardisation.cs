namespace Monitor.Core.Transfer;

/// <summary>
/// Per-variable standardisation (x − mean) / std. One value each for the whole field, or one per latitude row
/// (north → south) — Farokhmanesh et al. (AIES 2023) standardise precipitation latitude-wise.
/// </summary>
/// <param name="Mean">Mean(s), in the variable's units: length 1, or the number of latitude rows.</param>
/// <param name="StandardDeviation">Standard deviation(s), same length; zeros are replaced by 1 when applied.</param>
public sealed record Standardisation(IReadOnlyList<double> Mean, IReadOnlyList<double> StandardDeviation)
{
    /// <summary>True when there is one mean and deviation per latitude row.</summary>
    public bool IsLatitudeWise => Mean.Count > 1;

    /// <summary>
    /// Smallest value seen in the training sample, per entry of <see cref="Mean"/>, in the variable's units; null for
    /// models trained before it was recorded. Gives the z^B rule its input bounds.
    /// </summary>
    public IReadOnlyList<double>? Minimum { get; init; }

    /// <summary>Largest value seen in the training sample, like <see cref="Minimum"/>.</summary>
    public IReadOnlyList<double>? Maximum { get; init; }

    /// <summary>Values the statistics were computed from; null for models trained before it was recorded.</summary>
    public long? Count { get; init; }

    /// <summary>Missing values (NaN: fill values, outside the valid range) skipped by the statistics; null for older models.</summary>
    public long? MissingCount { get; init; }

    /// <summary>
    /// The standardised range [min_r (Minimum_r − μ_r)/σ_r, max_r (Maximum_r − μ_r)/σ_r] over the entries, or null
    /// when the extremes were not recorded.
    /// </summary>
    public (double Low, double High)? StandardisedRange()
    {
        if (Minimum is null || Maximum is null || Minimum.Count != Mean.Count || Maximum.Count != Mean.Count)
        {
            return null;
        }

        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int k = 0; k < Mean.Count; k++)
        {
            double std = StandardDeviation[k] > 0 ? StandardDeviation[k] : 1.0;
            low = Math.Min(low, (Minimum[k] - Mean[k]) / std);
            high = Math.Max(high, (Maximum[k] - Mean[k]) / std);
        }

        return (low, high);
    }

    /// <summary>Standardises a field <c>[lat, lon]</c> into <paramref name="destination"/>; missing values (NaN) stay NaN.</summary>
    public void Apply(ReadOnlySpan<float> field, int longitudes, Span<float> destination)
    {
        for (int i = 0; i < field.Length; i++)
        {
            int k = IsLatitudeWise ? i / longitudes : 0;
            double std = StandardDeviation[k] > 0 ? StandardDeviation[k] : 1.0;
            destination[i] = (float)((field[i] - Mean[k]) / std);
        }
    }

    /// <summary>Undoes the standardisation in place.</summary>
    public void Invert(Span<float> values, int longitudes)
    {
        for (int i = 0; i < values.Length; i++)
        {
            int k = IsLatitudeWise ? (i / longitudes) % Mean.Count : 0;
            double std = StandardDeviation[k] > 0 ? StandardDeviation[k] : 1.0;
            values[i] = (float)((values[i] * std) + Mean[k]);
        }
    }
}
