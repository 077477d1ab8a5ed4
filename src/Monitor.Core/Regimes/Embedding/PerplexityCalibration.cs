namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// Conditional affinities p_{j|i} ∝ exp(−βᵢ‖xᵢ − xⱼ‖²) over each point's nearest neighbours, with βᵢ = 1/(2σᵢ²) found by
/// binary search so that the row's entropy equals ln(perplexity) (van der Maaten and Hinton 2008, §2; the search as in
/// scikit-learn: at most 100 steps, entropy tolerance 1e-5 nats).
/// </summary>
internal static class PerplexityCalibration
{
    private const int MaxSteps = 100;
    private const double EntropyTolerance = 1e-5;

    /// <summary>Row-major <c>[query, k]</c> conditional probabilities, each row summing to 1.</summary>
    public static double[] Conditional(NeighbourLists neighbours, double perplexity)
    {
        int k = neighbours.K;
        var p = new double[neighbours.Queries * k];
        double target = Math.Log(perplexity);
        Parallel.For(0, neighbours.Queries, i =>
            Calibrate(neighbours.SquaredDistances.AsSpan(i * k, k), target, p.AsSpan(i * k, k)));
        return p;
    }

    /// <summary>Shannon entropy (nats) of a probability row.</summary>
    public static double Entropy(ReadOnlySpan<double> row)
    {
        double h = 0;
        foreach (double v in row)
        {
            if (v > 0)
            {
                h -= v * Math.Log(v);
            }
        }

        return h;
    }

    private static void Calibrate(ReadOnlySpan<double> distances, double target, Span<double> row)
    {
        // Distances relative to the nearest keep exp() in range; the shift cancels in the normalisation.
        double nearest = distances[0];
        double beta = 1, low = double.NegativeInfinity, high = double.PositiveInfinity;
        for (int step = 0; step < MaxSteps; step++)
        {
            double sum = 0, weighted = 0;
            for (int j = 0; j < distances.Length; j++)
            {
                double d = distances[j] - nearest;
                row[j] = Math.Exp(-d * beta);
                sum += row[j];
                weighted += d * row[j];
            }

            // H = ln Σ exp(−βd) + β Σ d p (nats).
            double entropy = Math.Log(sum) + (beta * weighted / sum);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] /= sum;
            }

            double error = entropy - target;
            if (Math.Abs(error) <= EntropyTolerance)
            {
                return;
            }

            if (error > 0)
            {
                low = beta;
                beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2;
            }
            else
            {
                high = beta;
                beta = double.IsNegativeInfinity(low) ? beta / 2 : (beta + low) / 2;
            }
        }
    }
}
