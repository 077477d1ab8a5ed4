using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Relevance.Summaries;

namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// The composition of one explained region as the relevance climatology sees it, d = 2n + 3 numbers for n inputs:
/// each input's share of Σ|R| (0…1), each input's signed fraction ΣR / Σ|R| over all inputs (−1…1: the share with its
/// direction, positive = the input pushes the prediction away from the reference state), and the footprint's offset
/// east and north and its mean distance from the region's centroid (km).
/// </summary>
public static class RelevanceFeatures
{
    /// <summary>Features after the per-input ones: footprint east, north and mean distance (km).</summary>
    public const int FootprintFeatures = 3;

    /// <summary>The feature names for <paramref name="inputs"/>: <c>share_{input}</c>, <c>signed_{input}</c>, <c>footprint_east_km</c>, <c>footprint_north_km</c>, <c>footprint_distance_km</c>.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return [.. inputs.Select(i => $"share_{i}"), .. inputs.Select(i => $"signed_{i}"), "footprint_east_km", "footprint_north_km", "footprint_distance_km"];
    }

    /// <summary>Whether feature <paramref name="index"/> of a model with <paramref name="inputCount"/> inputs is a footprint distance (km) rather than a fraction.</summary>
    public static bool IsFootprint(int index, int inputCount) => index >= 2 * inputCount;

    /// <summary>The features of an explained region; null when no relevance reached the inputs (nothing to compare).</summary>
    /// <exception cref="ArgumentException">The region's inputs are not <paramref name="inputs"/>, in that order.</exception>
    public static double[]? Of(ExplainedRegion region, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(region);
        return Of($"region {region.RegionId}", [.. region.Inputs.Select(i => (i.Input, i.Sum, i.Absolute))], region.FootprintEastKm,
            region.FootprintNorthKm, region.FootprintMeanDistanceKm, inputs);
    }

    /// <summary>The features of an explained selection's summary; null when no relevance reached the inputs.</summary>
    /// <exception cref="ArgumentException">The summary's inputs are not <paramref name="inputs"/>, in that order.</exception>
    public static double[]? Of(RegionSummary summary, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Of(summary.Explained, [.. summary.Variables.Select(v => (v.Variable, v.Sum, v.Absolute))], summary.Footprint.EastKm,
            summary.Footprint.NorthKm, summary.Footprint.MeanDistanceKm, inputs);
    }

    private static double[]? Of(string what, IReadOnlyList<(string Input, double Sum, double Absolute)> relevance, double eastKm, double northKm,
        double meanDistanceKm, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (relevance.Count != inputs.Count || relevance.Where((r, i) => r.Input != inputs[i]).Any())
        {
            throw new ArgumentException(
                $"The explanation of {what} has inputs {string.Join(",", relevance.Select(i => i.Input))}, the climatology {string.Join(",", inputs)}.");
        }

        double total = relevance.Sum(i => i.Absolute);
        if (!(total > 0) || !double.IsFinite(total + eastKm + northKm + meanDistanceKm))
        {
            return null;
        }

        int n = inputs.Count;
        var features = new double[(2 * n) + FootprintFeatures];
        for (int i = 0; i < n; i++)
        {
            features[i] = relevance[i].Absolute / total;
            features[n + i] = relevance[i].Sum / total;
        }

        features[2 * n] = eastKm;
        features[(2 * n) + 1] = northKm;
        features[(2 * n) + 2] = meanDistanceKm;
        return features;
    }
}
