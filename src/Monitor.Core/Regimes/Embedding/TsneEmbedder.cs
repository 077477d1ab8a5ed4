namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// t-SNE (van der Maaten and Hinton 2008) with the Barnes-Hut gradient (van der Maaten 2014): perplexity-calibrated
/// P on the ⌊3·perplexity + 1⌋ exact nearest neighbours, symmetrised; early exaggeration; gradient descent with momentum
/// 0.5 → 0.8 and Jacobs' adaptive gains (minimum 0.01) as in scikit-learn. Deterministic for a seed: every parallel
/// loop computes per-point values independently and sums them in index order.
/// </summary>
public static class TsneEmbedder
{
    private const int Chunks = 64;
    private const double MinGain = 0.01;

    /// <summary>Embeds the rows of <paramref name="states"/> (<c>[state, dimension]</c>) in 2-D and reports KL and T(k).</summary>
    public static TsneEmbedding Embed(double[,] states, TsneOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TsneOptions();
        TsneOptimisation run = Optimise(states, options, cancellationToken);
        double kl = KlDivergence.Exact(run.Affinities, run.Coordinates);
        double trust = Trustworthiness.Compute(states, run.Coordinates, options.TrustworthinessNeighbours);
        return new TsneEmbedding(run.Coordinates, kl, trust, options.TrustworthinessNeighbours, run.LearningRate, options);
    }

    /// <summary>The affinities P of <paramref name="states"/> at a perplexity (the first step of t-SNE).</summary>
    public static SparseAffinities Affinities(double[,] states, double perplexity)
    {
        ArgumentNullException.ThrowIfNull(states);
        new TsneOptions { Perplexity = perplexity, TrustworthinessNeighbours = 1 }.Validate(states.GetLength(0));
        return Affinities(StateMatrix.Flatten(states, nameof(states)), states.GetLength(0), states.GetLength(1), perplexity);
    }

    /// <summary>The optimisation alone (no quality report): coordinates and the P they fit.</summary>
    public static TsneOptimisation Optimise(double[,] states, TsneOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(options);
        int n = states.GetLength(0), d = states.GetLength(1);
        options.Validate(n);
        double[] x = StateMatrix.Flatten(states, nameof(states));
        SparseAffinities p = Affinities(x, n, d, options.Perplexity);
        double[] y = Initial(x, n, d, options);
        double learningRate = options.LearningRateFor(n);
        Descend(p, y, n, options, learningRate, cancellationToken);
        return new TsneOptimisation(StateMatrix.Unflatten(y, n, 2), p, learningRate);
    }

    internal static SparseAffinities Affinities(double[] x, int n, int d, double perplexity)
    {
        NeighbourLists neighbours = ExactNeighbours.Within(x, n, d, new TsneOptions { Perplexity = perplexity }.NeighbourCount);
        return SparseAffinities.Symmetrise(neighbours, PerplexityCalibration.Conditional(neighbours, perplexity));
    }

    private static double[] Initial(double[] x, int n, int d, TsneOptions options)
    {
        double[] y;
        if (options.Initialization == TsneInitialization.Pca && d >= 2)
        {
            // scikit-learn: PCA scores scaled so that the first component has standard deviation 1e-4.
            y = PrincipalProjection.Scores(x, n, d, 2, options.Seed);
            double mean = 0, square = 0;
            for (int i = 0; i < n; i++)
            {
                mean += y[2 * i];
            }

            mean /= n;
            for (int i = 0; i < n; i++)
            {
                square += (y[2 * i] - mean) * (y[2 * i] - mean);
            }

            double std = Math.Sqrt(square / n);
            double scale = std > 0 ? 1e-4 / std : 1;
            for (int e = 0; e < y.Length; e++)
            {
                y[e] *= scale;
            }

            return y;
        }

        var random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        y = new double[2 * n];
        for (int e = 0; e < y.Length; e++)
        {
            y[e] = 1e-4 * Gaussian(random);
        }

        return y;
    }

    internal static double Gaussian(Random random)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static void Descend(SparseAffinities p, double[] y, int n, TsneOptions options, double learningRate, CancellationToken cancellationToken)
    {
        var tree = new BarnesHutTree(n);
        var attraction = new double[2 * n];
        var repulsion = new double[2 * n];
        var z = new double[n];
        var update = new double[2 * n];
        var gains = new double[2 * n];
        Array.Fill(gains, 1.0);
        double thetaSquared = options.Theta * options.Theta;
        int chunk = (n + Chunks - 1) / Chunks;
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool early = iteration < options.ExaggerationIterations;
            if (iteration == options.ExaggerationIterations)
            {
                // scikit-learn runs the two phases as two gradient descents, each from zero velocity and unit gains.
                Array.Clear(update);
                Array.Fill(gains, 1.0);
            }

            double exaggeration = early ? options.EarlyExaggeration : 1, momentum = early ? 0.5 : 0.8;
            tree.Build(y, n);
            Parallel.For(0, Chunks, c =>
            {
                Span<int> stack = stackalloc int[BarnesHutTree.StackLength];
                ReadOnlySpan<int> order = tree.Order;
                for (int position = c * chunk; position < Math.Min(n, (c + 1) * chunk); position++)
                {
                    // Points in tree order: neighbours in a chunk walk similar paths through the tree.
                    int i = order[position];
                    double xi = y[2 * i], yi = y[(2 * i) + 1], ax = 0, ay = 0;
                    for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
                    {
                        int j = p.Columns[e];
                        double dx = xi - y[2 * j], dy = yi - y[(2 * j) + 1];
                        double pw = p.Values[e] / (1 + (dx * dx) + (dy * dy));
                        ax += pw * dx;
                        ay += pw * dy;
                    }

                    attraction[2 * i] = ax;
                    attraction[(2 * i) + 1] = ay;
                    (z[i], repulsion[2 * i], repulsion[(2 * i) + 1]) = tree.Repulsion(i, xi, yi, thetaSquared, stack);
                }
            });

            double sumZ = 0;
            for (int i = 0; i < n; i++)
            {
                sumZ += z[i];
            }

            // ∂C/∂yᵢ = 4 (Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ) − Σⱼ wᵢⱼ² (yᵢ − yⱼ) / Z) (van der Maaten 2014, eq. 5 with q = w / Z).
            for (int e = 0; e < 2 * n; e++)
            {
                double gradient = 4 * ((exaggeration * attraction[e]) - (repulsion[e] / sumZ));
                gains[e] = update[e] * gradient < 0 ? gains[e] + 0.2 : Math.Max(gains[e] * 0.8, MinGain);
                update[e] = (momentum * update[e]) - (learningRate * gains[e] * gradient);
                y[e] += update[e];
            }
        }
    }
}
