using System.Text.Json.Serialization;
using Monitor.Core.Numerics;

namespace Monitor.Core.Relevance.Patterns;

/// <summary>
/// Recurring relevance patterns — "clusters of regions that affect each other" (docs/relevance.md, "Relevance
/// patterns"): explained regions described by each input's share and the footprint (offset east and north, mean
/// distance, in units of <see cref="RelevancePatternOptions.FootprintScaleKm"/>), clustered with k-means (k-means++,
/// restarts, seed); each pattern keeps its members' mean shares, footprint and centred relevance windows. A new case is
/// labelled with its nearest pattern and the distance relative to the pattern's spread.
/// </summary>
public sealed class RelevancePatternModel
{
    /// <summary>Creates a model from its parts (as <c>Products/RelevancePatternFile</c> reads them).</summary>
    [JsonConstructor]
    public RelevancePatternModel(IReadOnlyList<string> inputs, int halfWidth, double latitudeStep, double longitudeStep,
        RelevancePatternOptions options, IReadOnlyList<RelevancePattern> patterns)
    {
        Inputs = inputs;
        HalfWidth = halfWidth;
        LatitudeStep = latitudeStep;
        LongitudeStep = longitudeStep;
        Options = options;
        Patterns = patterns;
    }

    /// <summary>The models' input variables, in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Half-width of the centred windows, cells.</summary>
    public int HalfWidth { get; }

    /// <summary>The window's cell size in latitude, degrees (the explained model's grid).</summary>
    public double LatitudeStep { get; }

    /// <summary>The window's cell size in longitude, degrees.</summary>
    public double LongitudeStep { get; }

    /// <summary>The options of the fit.</summary>
    public RelevancePatternOptions Options { get; }

    /// <summary>The patterns, most frequent first.</summary>
    public IReadOnlyList<RelevancePattern> Patterns { get; }

    /// <summary>Clusters <paramref name="cases"/> (same inputs and window) into <see cref="RelevancePatternOptions.Clusters"/> patterns.</summary>
    /// <exception cref="ArgumentException">No cases, fewer cases than patterns, or cases of different inputs or windows (named).</exception>
    public static RelevancePatternModel Fit(IReadOnlyList<RelevanceCase> cases, RelevancePatternOptions options)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (cases.Count < options.Clusters)
        {
            throw new ArgumentException($"relevance patterns: {cases.Count} cases cannot make {options.Clusters} patterns.", nameof(cases));
        }

        RelevanceCase first = cases[0];
        foreach (RelevanceCase other in cases)
        {
            CheckCompatible(first.Inputs, first.HalfWidth, first.CellDegrees, other);
        }

        double[][] features = cases.Select(c => Features(c, options.FootprintScaleKm)).ToArray();
        KMeansResult clusters = KMeans.Fit(features, new KMeansOptions(options.Clusters, options.Restarts, options.Seed));
        int[] sizes = clusters.Sizes();
        var patterns = Enumerable.Range(0, options.Clusters)
            .OrderByDescending(k => sizes[k]).ThenBy(k => k)
            .Select((k, rank) => Pattern($"P{rank + 1}", cases, features, clusters, k))
            .ToList();
        return new RelevancePatternModel(first.Inputs, first.HalfWidth, first.CellDegrees.Latitude, first.CellDegrees.Longitude, options, patterns);
    }

    /// <summary>The nearest pattern of <paramref name="relevanceCase"/>.</summary>
    /// <exception cref="ArgumentException">The case has other inputs or another window than the model.</exception>
    public PatternAssignment Assign(RelevanceCase relevanceCase)
    {
        ArgumentNullException.ThrowIfNull(relevanceCase);
        CheckCompatible(Inputs, HalfWidth, (LatitudeStep, LongitudeStep), relevanceCase);
        double[] point = Features(relevanceCase, Options.FootprintScaleKm);
        int nearest = KMeans.Nearest(Patterns.Select(p => p.Centroid.ToArray()).ToList(), point, out double squared);
        RelevancePattern pattern = Patterns[nearest];
        return new PatternAssignment(nearest, pattern.Name, Math.Sqrt(squared), pattern.TypicalDistance);
    }

    /// <summary>Shares, then the footprint's east, north and mean distance divided by the scale.</summary>
    private static double[] Features(RelevanceCase c, double scaleKm) =>
        [.. c.Shares, c.EastKm / scaleKm, c.NorthKm / scaleKm, c.MeanDistanceKm / scaleKm];

    private static RelevancePattern Pattern(string name, IReadOnlyList<RelevanceCase> cases, double[][] features, KMeansResult clusters, int k)
    {
        var members = Enumerable.Range(0, cases.Count).Where(i => clusters.Labels[i] == k).ToList();
        double[] centroid = clusters.Centroids[k];
        double typical = Math.Sqrt(members.Average(i => KMeans.SquaredDistance(features[i], centroid)));
        int inputs = cases[0].Inputs.Count;
        return new RelevancePattern(
            name,
            members.Count,
            Enumerable.Range(0, inputs).Select(v => members.Average(i => cases[i].Shares[v])).ToList(),
            members.Average(i => cases[i].EastKm),
            members.Average(i => cases[i].NorthKm),
            members.Average(i => cases[i].MeanDistanceKm),
            centroid,
            typical,
            Enumerable.Range(0, inputs).Select(v => MeanWindow(members.Select(i => cases[i].Windows[v]).ToList())).ToList());
    }

    /// <summary>Cell by cell mean over the windows that have the cell (NaN where none has).</summary>
    private static float[] MeanWindow(List<float[]> windows)
    {
        var mean = new float[windows[0].Length];
        for (int cell = 0; cell < mean.Length; cell++)
        {
            double sum = 0;
            int count = 0;
            foreach (float[] window in windows)
            {
                if (float.IsFinite(window[cell]))
                {
                    sum += window[cell];
                    count++;
                }
            }

            mean[cell] = count > 0 ? (float)(sum / count) : float.NaN;
        }

        return mean;
    }

    private static void CheckCompatible(IReadOnlyList<string> inputs, int halfWidth, (double, double) cellDegrees, RelevanceCase c)
    {
        if (!c.Inputs.SequenceEqual(inputs) || c.HalfWidth != halfWidth || c.CellDegrees != cellDegrees)
        {
            throw new ArgumentException(
                $"relevance patterns: case '{c.Id}' has inputs ({string.Join(", ", c.Inputs)}), a window of half-width {c.HalfWidth} and cells of {c.CellDegrees}°; expected ({string.Join(", ", inputs)}), {halfWidth} and {cellDegrees}°.");
        }
    }
}
