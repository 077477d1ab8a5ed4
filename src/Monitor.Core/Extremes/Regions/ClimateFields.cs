using Monitor.Core.Extremes.Climatology;

namespace Monitor.Core.Extremes.Regions;

/// <summary>The climatology at one valid time for one variable: the six percentile fields and the mean, <c>[lat, lon]</c>.</summary>
/// <param name="Percentiles">Fields of <see cref="ClimateStatistics.Percentiles"/>, in that order.</param>
/// <param name="Mean">The mean field.</param>
public sealed record ClimateFields(IReadOnlyList<float[]> Percentiles, float[] Mean)
{
    /// <summary>The field of one percentile.</summary>
    public float[] Of(ClimateStatistic percentile)
    {
        for (int i = 0; i < ClimateStatistics.Percentiles.Count; i++)
        {
            if (ClimateStatistics.Percentiles[i] == percentile)
            {
                return Percentiles[i];
            }
        }

        throw new ArgumentException($"{ClimateStatistics.Name(percentile)} is not a percentile.", nameof(percentile));
    }

    /// <summary>Reads the fields of a variable at a valid time.</summary>
    public static ClimateFields From(PercentileClimatology climatology, Grids.VariableId variable, DateTime valid)
    {
        ArgumentNullException.ThrowIfNull(climatology);
        return new ClimateFields([.. ClimateStatistics.Percentiles.Select(p => climatology.Field(variable, p, valid))],
            climatology.Field(variable, ClimateStatistic.Mean, valid));
    }
}
