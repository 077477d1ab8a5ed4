namespace Monitor.Core.Relevance.Patterns;

/// <summary>Options of <see cref="RelevancePatternModel.Fit"/>.</summary>
/// <param name="Clusters">Number of recurring patterns k (≥ 1); default 4.</param>
/// <param name="FootprintScaleKm">
/// Length that weighs as much as a whole share in the clustering distance: the footprint's east, north and mean-distance
/// components enter as km / FootprintScaleKm beside the shares (0…1); default 500 km, about the offset that 6 h of
/// strong wind produces.
/// </param>
/// <param name="Restarts">k-means++ restarts; default 10.</param>
/// <param name="Seed">Seed of the k-means streams; default 1.</param>
public sealed record RelevancePatternOptions(int Clusters = 4, double FootprintScaleKm = 500, int Restarts = 10, long Seed = 1)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the offending option.</summary>
    public void Validate()
    {
        if (Clusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Clusters), Clusters, "relevance patterns: clusters must be ≥ 1.");
        }

        if (!(FootprintScaleKm > 0) || double.IsInfinity(FootprintScaleKm))
        {
            throw new ArgumentOutOfRangeException(nameof(FootprintScaleKm), FootprintScaleKm, "relevance patterns: the footprint scale must be a positive number of km.");
        }

        if (Restarts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "relevance patterns: restarts must be ≥ 1.");
        }
    }
}
