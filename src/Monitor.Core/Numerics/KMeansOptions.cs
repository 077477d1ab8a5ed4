namespace Monitor.Core.Numerics;

/// <summary>
/// Options of <see cref="KMeans"/>: Lloyd's algorithm with k-means++ seeding (Arthur and Vassilvitskii, "k-means++: the
/// advantages of careful seeding", SODA 2007), repeated from several seeds; the run with the lowest inertia wins.
/// </summary>
/// <param name="Clusters">Number of clusters k (≥ 1).</param>
/// <param name="Restarts">Independent k-means++ initialisations (≥ 1); default 10.</param>
/// <param name="Seed">Seed of the random streams; the same seed and data give the same result on any machine.</param>
/// <param name="MaxIterations">Lloyd iterations per restart (≥ 1); default 300.</param>
/// <param name="Tolerance">
/// Stop when no label changes or the largest centroid move is below <c>Tolerance</c> times the data's mean
/// per-dimension variance (as in scikit-learn); default 1e-6.
/// </param>
public sealed record KMeansOptions(int Clusters, int Restarts = 10, long Seed = 0, int MaxIterations = 300,
    double Tolerance = 1e-6)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the offending option.</summary>
    public void Validate()
    {
        if (Clusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Clusters), Clusters, "k-means: clusters must be ≥ 1.");
        }

        if (Restarts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "k-means: restarts must be ≥ 1.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations,
                "k-means: max iterations must be ≥ 1.");
        }

        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance,
                "k-means: tolerance must be finite and ≥ 0.");
        }
    }
}
