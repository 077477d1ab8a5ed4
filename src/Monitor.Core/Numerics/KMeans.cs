
namespace Monitor.Core.Numerics;

/// <summary>
/// k-means clustering in float64 (Lloyd's algorithm with k-means++ seeding, Arthur and Vassilvitskii 2007), with
/// restarts and a seed. Deterministic: each restart draws from its own stream keyed by (seed, restart), points are
/// assigned in parallel but centroids are summed in point order, and ties go to the lowest restart/cluster index.
/// </summary>
public static class KMeans
{
    /// <summary>Clusters <paramref name="points"/> (rows of equal length, finite values).</summary>
    /// <exception cref="ArgumentException">No points, ragged rows, non-finite values, or fewer points than clusters.</exception>
    public static KMeansResult Fit(IReadOnlyList<double[]> points, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int dims = CheckPoints(points, options.Clusters);
        double tolerance = options.Tolerance * MeanVariance(points, dims);

        var runs = new KMeansResult[options.Restarts];
        Parallel.For(0, options.Restarts, r => runs[r] = Run(points, dims, options, r, tolerance));
        KMeansResult best = runs[0];
        for (int r = 1; r < runs.Length; r++)
        {
            if (runs[r].Inertia < best.Inertia)
            {
                best = runs[r];
            }
        }

        return best;
    }

    /// <summary>Index of the centroid nearest to <paramref name="point"/> and its squared distance (ties → lowest index).</summary>
    public static int Nearest(IReadOnlyList<double[]> centroids, ReadOnlySpan<double> point, out double squaredDistance)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        int best = 0;
        squaredDistance = double.PositiveInfinity;
        for (int c = 0; c < centroids.Count; c++)
        {
            double d = SquaredDistance(centroids[c], point);
            if (d < squaredDistance)
            {
                squaredDistance = d;
                best = c;
            }
        }

        return best;
    }

    /// <summary>Squared Euclidean distance of two vectors of equal length.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    private static KMeansResult Run(IReadOnlyList<double[]> points, int dims, KMeansOptions options, int restart,
        double tolerance)
    {
        var random = SplitMix64.For(options.Seed, restart, 0x6B6D65616E73);
        double[][] centroids = SeedPlusPlus(points, options.Clusters, ref random);
        int n = points.Count;
        var labels = new int[n];
        var distances = new double[n];
        Array.Fill(labels, -1);
        int iteration = 0;
        while (iteration < options.MaxIterations)
        {
            iteration++;
            int changed = Assign(points, centroids, labels, distances);
            double shift = Update(points, dims, centroids, labels, distances);
            if (changed == 0 || shift <= tolerance)
            {
                break;
            }
        }

        // Final assignment so labels and inertia match the returned centroids exactly.
        Assign(points, centroids, labels, distances);
        double inertia = 0;
        foreach (double d in distances)
        {
            inertia += d;
        }

        return new KMeansResult(centroids, labels, inertia, iteration, restart);
    }

    // k-means++: the first centre uniformly, each further one with probability ∝ D(x)², the squared distance to the
    // nearest centre chosen so far (Arthur and Vassilvitskii 2007, algorithm "k-means++").
    private static double[][] SeedPlusPlus(IReadOnlyList<double[]> points, int k, ref SplitMix64 random)
    {
        int n = points.Count;
        var centroids = new double[k][];
        centroids[0] = (double[])points[(int)(random.NextDouble() * n)].Clone();
        var nearest = new double[n];
        Parallel.For(0, n, i => nearest[i] = SquaredDistance(points[i], centroids[0]));
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            foreach (double d in nearest)
            {
                total += d;
            }

            int chosen = n - 1;
            if (total > 0)
            {
                double target = random.NextDouble() * total, running = 0;
                for (int i = 0; i < n; i++)
                {
                    running += nearest[i];
                    if (running > target)
                    {
                        chosen = i;
                        break;
                    }
                }
            }
            else
            {
                chosen = (int)(random.NextDouble() * n);
            }

            centroids[c] = (double[])points[chosen].Clone();
            double[] centre = centroids[c];
            Parallel.For(0, n, i => nearest[i] = Math.Min(nearest[i], SquaredDistance(points[i], centre)));
        }

        return centroids;
    }

    private static int Assign(IReadOnlyList<double[]> points, double[][] centroids, int[] labels, double[] distances)
    {
        int changed = 0;
        Parallel.For(0, points.Count, () => 0, (i, _, local) =>
        {
            int label = Nearest(centroids, points[i], out distances[i]);
            if (label != labels[i])
            {
                labels[i] = label;
                local++;
            }

            return local;
        }, local => Interlocked.Add(ref changed, local));
        return changed;
    }

    // Moves each centroid to the mean of its points; an empty cluster takes the point farthest from its centroid.
    // Returns the largest squared centroid move.
    private static double Update(IReadOnlyList<double[]> points, int dims, double[][] centroids, int[] labels,
        double[] distances)
    {
        int k = centroids.Length;
        var sums = new double[k][];
        var counts = new int[k];
        for (int c = 0; c < k; c++)
        {
            sums[c] = new double[dims];
        }

        for (int i = 0; i < points.Count; i++)
        {
            double[] sum = sums[labels[i]], point = points[i];
            counts[labels[i]]++;
            for (int j = 0; j < dims; j++)
            {
                sum[j] += point[j];
            }
        }

        double shift = 0;
        for (int c = 0; c < k; c++)
        {
            double[] next;
            if (counts[c] == 0)
            {
                int far = FarthestPoint(distances);
                next = (double[])points[far].Clone();
                distances[far] = 0;
            }
            else
            {
                next = sums[c];
                for (int j = 0; j < dims; j++)
                {
                    next[j] /= counts[c];
                }
            }

            shift = Math.Max(shift, SquaredDistance(centroids[c], next));
            centroids[c] = next;
        }

        return shift;
    }

    private static int FarthestPoint(double[] distances)
    {
        int far = 0;
        for (int i = 1; i < distances.Length; i++)
        {
            if (distances[i] > distances[far])
            {
                far = i;
            }
        }

        return far;
    }

    private static double MeanVariance(IReadOnlyList<double[]> points, int dims)
    {
        double total = 0;
        for (int j = 0; j < dims; j++)
        {
            double mean = 0, m2 = 0;
            for (int i = 0; i < points.Count; i++)
            {
                double delta = points[i][j] - mean;
                mean += delta / (i + 1);
                m2 += delta * (points[i][j] - mean);
            }

            total += m2 / points.Count;
        }

        return total / dims;
    }

    private static int CheckPoints(IReadOnlyList<double[]> points, int clusters)
    {
        if (points.Count == 0)
        {
            throw new ArgumentException("k-means: no points to cluster.", nameof(points));
        }

        if (points.Count < clusters)
        {
            throw new ArgumentException(
                $"k-means: {points.Count} points cannot form {clusters} clusters (clusters must be ≤ points).",
                nameof(points));
        }

        int dims = points[0]?.Length ?? 0;
        if (dims == 0)
        {
            throw new ArgumentException("k-means: points have no dimensions.", nameof(points));
        }

        for (int i = 0; i < points.Count; i++)
        {
            double[] point = points[i] ?? throw new ArgumentException($"k-means: point {i} is null.", nameof(points));
            if (point.Length != dims)
            {
                throw new ArgumentException(
                    $"k-means: point {i} has {point.Length} dimensions, point 0 has {dims}.", nameof(points));
            }

            foreach (double v in point)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"k-means: point {i} holds a non-finite value ({v}).", nameof(points));
                }
            }
        }

        return dims;
    }
}
