using System.Globalization;

namespace Monitor.Core.Relevance.Patterns;

/// <summary>One recurring relevance pattern: the mean of the cases clustered into it.</summary>
/// <param name="Name">P1 … Pk, in decreasing order of membership.</param>
/// <param name="Members">Number of cases in the pattern.</param>
/// <param name="Shares">Mean share per input, in the model's input order.</param>
/// <param name="EastKm">Mean footprint offset, east component, km.</param>
/// <param name="NorthKm">Mean footprint offset, north component, km.</param>
/// <param name="MeanDistanceKm">Mean of the footprints' mean distances, km.</param>
/// <param name="Centroid">The pattern's centre in the clustering's feature space (shares, then footprint / scale).</param>
/// <param name="TypicalDistance">Root-mean-square distance of the members from <paramref name="Centroid"/> (feature units).</param>
/// <param name="Windows">Per input, the members' mean centred window (NaN where no member had a cell).</param>
public sealed record RelevancePattern(
    string Name,
    int Members,
    IReadOnlyList<double> Shares,
    double EastKm,
    double NorthKm,
    double MeanDistanceKm,
    IReadOnlyList<double> Centroid,
    double TypicalDistance,
    IReadOnlyList<float[]> Windows)
{
    /// <summary>E.g. "u10 41 %, v10 22 %; offset 310 km west, mean distance 520 km".</summary>
    public string Describe(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var c = CultureInfo.InvariantCulture;
        string leading = string.Join(", ", Shares.Select((share, i) => (share, i)).OrderByDescending(s => s.share).Take(2)
            .Select(s => string.Create(c, $"{inputs[s.i]} {s.share * 100:F0} %")));
        var offset = new Summaries.Footprint(MeanDistanceKm, EastKm, NorthKm, null);
        return $"{leading}; offset {offset.Describe()}";
    }
}
