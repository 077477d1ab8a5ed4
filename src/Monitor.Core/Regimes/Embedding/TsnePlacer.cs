namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// Places new states into a fixed t-SNE embedding without moving the reference points (the approach of openTSNE's
/// <c>transform</c>, Poličar et al. 2019): each new state gets conditional affinities p_{j|i} to its ⌊3·perplexity + 1⌋
/// nearest reference states (perplexity-calibrated as in the fit), starts at the P-weighted mean of those neighbours'
/// positions, and then minimises its own KL(Pᵢ‖Qᵢ) with qⱼ|ᵢ = wᵢⱼ / Σₖ wᵢₖ over all reference points
/// (wᵢⱼ = (1 + ‖yᵢ − yⱼ‖²)⁻¹; the repulsion by a Barnes-Hut tree over the reference), by gradient descent with momentum
/// and gains. New states do not interact with each other, so each placement is independent of the others in the batch.
/// </summary>
public static class TsnePlacer
{
    private const int SlowMomentumIterations = 50;

    /// <summary>
    /// Coordinates (<c>[new state, 2]</c>) of <paramref name="newStates"/> in the embedding <paramref name="referenceCoordinates"/>
    /// (<c>[state, 2]</c>) of <paramref name="referenceStates"/> (<c>[state, dimension]</c>).
    /// </summary>
    public static double[,] Place(double[,] referenceStates, double[,] referenceCoordinates, double[,] newStates, PlacementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(referenceStates);
        ArgumentNullException.ThrowIfNull(referenceCoordinates);
        ArgumentNullException.ThrowIfNull(newStates);
        options ??= new PlacementOptions();
        int n = referenceStates.GetLength(0), d = referenceStates.GetLength(1), m = newStates.GetLength(0);
        if (referenceCoordinates.GetLength(0) != n || referenceCoordinates.GetLength(1) != 2)
        {
            throw new ArgumentException($"reference coordinates are {referenceCoordinates.GetLength(0)}×{referenceCoordinates.GetLength(1)}, expected {n}×2.", nameof(referenceCoordinates));
        }

        if (newStates.GetLength(1) != d)
        {
            throw new ArgumentException($"new states have {newStates.GetLength(1)} dimensions, the reference states {d}.", nameof(newStates));
        }

        options.Validate(n);
        double[] x = StateMatrix.Flatten(referenceStates, nameof(referenceStates));
        double[] y = StateMatrix.Flatten(referenceCoordinates, nameof(referenceCoordinates));
        if (m == 0)
        {
            return new double[0, 2];
        }

        double[] queries = StateMatrix.Flatten(newStates, nameof(newStates));
        NeighbourLists neighbours = ExactNeighbours.Between(queries, m, x, n, d, options.NeighbourCount);
        double[] p = PerplexityCalibration.Conditional(neighbours, options.Perplexity);
        var tree = new BarnesHutTree(n);
        tree.Build(y, n);
        var placed = new double[2 * m];
        Parallel.For(0, m, i => PlaceOne(tree, y, neighbours, p, i, options, placed.AsSpan(2 * i, 2)));
        return StateMatrix.Unflatten(placed, m, 2);
    }

    private static void PlaceOne(BarnesHutTree tree, double[] y, NeighbourLists neighbours, double[] p, int i, PlacementOptions options, Span<double> result)
    {
        int k = neighbours.K;
        ReadOnlySpan<int> near = neighbours.Indices.AsSpan(i * k, k);
        ReadOnlySpan<double> weights = p.AsSpan(i * k, k);
        double px = 0, py = 0;
        for (int e = 0; e < k; e++)
        {
            px += weights[e] * y[2 * near[e]];
            py += weights[e] * y[(2 * near[e]) + 1];
        }

        Span<int> stack = stackalloc int[BarnesHutTree.StackLength];
        double ux = 0, uy = 0, gx = 1, gy = 1, thetaSquared = options.Theta * options.Theta;
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            double ax = 0, ay = 0;
            for (int e = 0; e < k; e++)
            {
                double dx = px - y[2 * near[e]], dy = py - y[(2 * near[e]) + 1];
                double pw = weights[e] / (1 + (dx * dx) + (dy * dy));
                ax += pw * dx;
                ay += pw * dy;
            }

            (double z, double rx, double ry) = tree.Repulsion(-1, px, py, thetaSquared, stack);

            // ∂KL(Pᵢ‖Qᵢ)/∂yᵢ = 2 (Σⱼ pⱼ|ᵢ wᵢⱼ (yᵢ − yⱼ) − Σⱼ wᵢⱼ² (yᵢ − yⱼ) / Zᵢ).
            double gradX = 2 * (ax - (rx / z)), gradY = 2 * (ay - (ry / z));
            double momentum = iteration < SlowMomentumIterations ? 0.5 : 0.8;
            gx = ux * gradX < 0 ? gx + 0.2 : Math.Max(gx * 0.8, 0.01);
            gy = uy * gradY < 0 ? gy + 0.2 : Math.Max(gy * 0.8, 0.01);
            ux = (momentum * ux) - (options.LearningRate * gx * gradX);
            uy = (momentum * uy) - (options.LearningRate * gy * gradY);
            px += ux;
            py += uy;
        }

        result[0] = px;
        result[1] = py;
    }
}
