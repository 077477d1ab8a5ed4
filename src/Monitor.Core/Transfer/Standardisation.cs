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

    /// <summary>Standardises a field <c>[lat, lon]</c> into <paramref name="destination"/>.</summary>
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
