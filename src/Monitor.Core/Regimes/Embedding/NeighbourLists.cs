namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// The k nearest reference points of each query point, nearest first (ties by index): row-major <c>[query, k]</c>
/// arrays of indices and squared Euclidean distances.
/// </summary>
internal sealed record NeighbourLists(int Queries, int K, int[] Indices, double[] SquaredDistances);
