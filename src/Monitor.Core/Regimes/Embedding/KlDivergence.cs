namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// The exact t-SNE cost KL(P‖Q) = Σᵢⱼ pᵢⱼ ln(pᵢⱼ / qᵢⱼ), qᵢⱼ = wᵢⱼ / Σₖ≠ₗ wₖₗ, wᵢⱼ = (1 + ‖yᵢ − yⱼ‖²)⁻¹
/// (van der Maaten and Hinton 2008, eq. 2 and 4), with the normalisation summed over all N² pairs — no Barnes-Hut
/// approximation, so it can judge embeddings from any optimiser against the same P.
/// </summary>
public static class KlDivergence
{
    /// <summary>KL(P‖Q) in nats of the 2-D <paramref name="coordinates"/> (<c>[state, 2]</c>) against <paramref name="affinities"/>.</summary>
    public static double Exact(SparseAffinities affinities, double[,] coordinates)
    {
        ArgumentNullException.ThrowIfNull(affinities);
        int n = coordinates.GetLength(0);
        if (n != affinities.Count || coordinates.GetLength(1) != 2)
        {
            throw new ArgumentException($"coordinates are {n}×{coordinates.GetLength(1)}, expected {affinities.Count}×2.", nameof(coordinates));
        }

        double[] y = StateMatrix.Flatten(coordinates, nameof(coordinates));
        var rowZ = new double[n];
        var rowCost = new double[n];
        Parallel.For(0, n, i =>
        {
            double xi = y[2 * i], yi = y[(2 * i) + 1], z = 0;
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    double dx = xi - y[2 * j], dy = yi - y[(2 * j) + 1];
                    z += 1 / (1 + (dx * dx) + (dy * dy));
                }
            }

            double cost = 0;
            for (int e = affinities.RowStart[i]; e < affinities.RowStart[i + 1]; e++)
            {
                int j = affinities.Columns[e];
                double p = affinities.Values[e], dx = xi - y[2 * j], dy = yi - y[(2 * j) + 1];
                if (p > 0)
                {
                    cost += p * Math.Log(p * (1 + (dx * dx) + (dy * dy)));
                }
            }

            rowZ[i] = z;
            rowCost[i] = cost;
        });

        // Fixed-order reductions: the same result for any thread count. Σ p ln(p/q) = Σ p ln(p/w) + ln Z (Σ p = 1).
        double total = 0, pSum = 0, cost = 0;
        for (int i = 0; i < n; i++)
        {
            total += rowZ[i];
            cost += rowCost[i];
        }

        foreach (double p in affinities.Values)
        {
            pSum += p;
        }

        return cost + (pSum * Math.Log(total));
    }
}
