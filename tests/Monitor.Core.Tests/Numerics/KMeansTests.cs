using Monitor.Core.Numerics;

namespace Monitor.Core.Tests.Numerics;

/// <summary>k-means: recovery of separated blobs, optimality on a tiny exhaustive case, Lloyd fixed point, seeds.</summary>
public sealed class KMeansTests
{
    [Fact]
    public void SeparatedBlobs_AreRecoveredExactly()
    {
        (double[][] points, int[] truth) = Blobs(seed: 3, perBlob: 200, spread: 0.3);
        KMeansResult result = KMeans.Fit(points, new KMeansOptions(4, Restarts: 5, Seed: 1));

        // Same partition up to a relabelling: every true blob maps to exactly one cluster.
        var map = new Dictionary<int, int>();
        for (int i = 0; i < points.Length; i++)
        {
            if (!map.TryAdd(truth[i], result.Labels[i]))
            {
                Assert.Equal(map[truth[i]], result.Labels[i]);
            }
        }

        Assert.Equal(4, map.Values.Distinct().Count());
        Assert.All(result.Sizes(), s => Assert.Equal(200, s));
    }

    [Fact]
    public void Result_IsALloydFixedPoint_WithLiteralInertia()
    {
        (double[][] points, _) = Blobs(seed: 5, perBlob: 100, spread: 2.0);
        KMeansResult result = KMeans.Fit(points, new KMeansOptions(5, Restarts: 3, Seed: 7));

        double inertia = 0;
        for (int i = 0; i < points.Length; i++)
        {
            // Every label is the nearest centroid (literal loop, not KMeans.Nearest).
            double own = Distance2(points[i], result.Centroids[result.Labels[i]]);
            for (int c = 0; c < result.Clusters; c++)
            {
                Assert.True(own <= Distance2(points[i], result.Centroids[c]) + 1e-12);
            }

            inertia += own;
        }

        Assert.Equal(inertia, result.Inertia, 1e-9 * inertia);
        for (int c = 0; c < result.Clusters; c++)
        {
            double[][] members = [.. points.Where((_, i) => result.Labels[i] == c)];
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(members.Average(p => p[j]), result.Centroids[c][j], 1e-6);
            }
        }
    }

    [Fact]
    public void OneDimensional_MatchesExhaustiveOptimum()
    {
        // In 1-D the optimal 3-partition is contiguous in sorted order: enumerate every pair of cut points.
        var random = new SplitMix64(11);
        double[] values = [.. Enumerable.Range(0, 30).Select(_ => random.NextGaussian() * 3 + (random.NextDouble() < 0.5 ? -4 : 4))];
        Array.Sort(values);
        double best = double.PositiveInfinity;
        for (int a = 1; a < values.Length - 1; a++)
        {
            for (int b = a + 1; b < values.Length; b++)
            {
                best = Math.Min(best, Sse(values[..a]) + Sse(values[a..b]) + Sse(values[b..]));
            }
        }

        KMeansResult result = KMeans.Fit([.. values.Select(v => new[] { v })], new KMeansOptions(3, Restarts: 20, Seed: 2));
        Assert.Equal(best, result.Inertia, 1e-9);
    }

    [Fact]
    public void SameSeed_SameResult_OtherSeed_ValidToo()
    {
        (double[][] points, _) = Blobs(seed: 9, perBlob: 150, spread: 3.0);
        KMeansResult a = KMeans.Fit(points, new KMeansOptions(6, Restarts: 4, Seed: 42));
        KMeansResult b = KMeans.Fit(points, new KMeansOptions(6, Restarts: 4, Seed: 42));
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Inertia, b.Inertia);
        Assert.Equal(a.Restart, b.Restart);
        for (int c = 0; c < 6; c++)
        {
            Assert.Equal(a.Centroids[c], b.Centroids[c]);
        }

        // Restarts never hurt: the best of 8 restarts is no worse than the best of its first 1.
        KMeansResult one = KMeans.Fit(points, new KMeansOptions(6, Restarts: 1, Seed: 42));
        KMeansResult eight = KMeans.Fit(points, new KMeansOptions(6, Restarts: 8, Seed: 42));
        Assert.True(eight.Inertia <= one.Inertia);
    }

    [Fact]
    public void Predict_ReturnsNearestCentroid()
    {
        var result = new KMeansResult([[0.0, 0.0], [10.0, 0.0]], [0, 1], 0, 1, 0);
        Assert.Equal(0, result.Predict([4.9, 3]));
        Assert.Equal(1, result.Predict([5.1, -3]));
    }

    [Fact]
    public void BadInput_IsNamed()
    {
        double[][] points = [[0.0, 1.0], [1.0, 2.0]];
        Assert.Contains("Clusters", Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit(points, new KMeansOptions(0))).Message,
            StringComparison.Ordinal);
        Assert.Contains("Restarts", Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit(points, new KMeansOptions(1, Restarts: 0))).Message,
            StringComparison.Ordinal);
        Assert.Contains("3 clusters", Assert.Throws<ArgumentException>(() => KMeans.Fit(points, new KMeansOptions(3))).Message,
            StringComparison.Ordinal);
        Assert.Contains("point 1", Assert.Throws<ArgumentException>(() => KMeans.Fit([[0.0, 1.0], [1.0]], new KMeansOptions(1))).Message,
            StringComparison.Ordinal);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => KMeans.Fit([[0.0, double.NaN]], new KMeansOptions(1))).Message,
            StringComparison.Ordinal);
    }

    private static (double[][] Points, int[] Truth) Blobs(ulong seed, int perBlob, double spread)
    {
        double[][] centres = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10], [10, 10, 10]];
        var random = new SplitMix64(seed);
        var points = new List<double[]>();
        var truth = new List<int>();
        int blobs = spread < 1 ? 4 : 5;
        for (int b = 0; b < blobs; b++)
        {
            for (int i = 0; i < perBlob; i++)
            {
                points.Add([.. centres[b].Select(c => c + (spread * random.NextGaussian()))]);
                truth.Add(b);
            }
        }

        return ([.. points], [.. truth]);
    }

    private static double Distance2(double[] a, double[] b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Sum();

    private static double Sse(double[] values)
    {
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean));
    }
}
