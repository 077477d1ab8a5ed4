namespace Monitor.Core.Numerics;

/// <summary>The best of the k-means restarts.</summary>
/// <param name="Centroids">Cluster centres <c>[cluster][dimension]</c>, in the units of the input points.</param>
/// <param name="Labels">Cluster index of every input point, 0 … k−1.</param>
/// <param name="Inertia">Sum of squared Euclidean distances of the points to their centroids (input units²).</param>
/// <param name="Iterations">Lloyd iterations the winning restart took.</param>
/// <param name="Restart">Index of the winning restart (0-based).</param>
public sealed record KMeansResult(double[][] Centroids, int[] Labels, double Inertia, int Iterations, int Restart)
{
    /// <summary>Number of clusters.</summary>
    public int Clusters => Centroids.Length;

    /// <summary>Number of points in each cluster.</summary>
    public int[] Sizes()
    {
        var sizes = new int[Centroids.Length];
        foreach (int label in Labels)
        {
            sizes[label]++;
        }

        return sizes;
    }

    /// <summary>Index of the nearest centroid to <paramref name="point"/> (ties → lowest index).</summary>
    public int Predict(ReadOnlySpan<double> point) => KMeans.Nearest(Centroids, point, out _);
}
