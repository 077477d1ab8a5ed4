namespace Monitor.Core.Tests.Relevance.Rules;

/// <summary>
/// The rules as the papers write them, with explicit loops over the dense matrix, in float64:
/// R_j = Σ_k z_jk / (Σ_j z_jk + z_0k + ε·sign) · R_k (Montavon et al. 2019; Bach et al. 2015; Montavon et al. 2017).
/// </summary>
internal static class LiteralLrp
{
    public const double Stabiliser = 1e-9;

    public static double[] Zero(LayerCase c, double[] a, double[] r) =>
        Redistribute(c, (j, k) => a[j] * c.Weights[j, k], k => c.Biases[k], r, 0);

    public static double[] Epsilon(LayerCase c, double[] a, double[] r, double epsilon) =>
        Redistribute(c, (j, k) => a[j] * c.Weights[j, k], k => c.Biases[k], r, epsilon);

    /// <summary>Sign-aware γ: the parts (·)⁺ amplified where z_k ≥ 0, the parts (·)⁻ where z_k &lt; 0.</summary>
    public static double[] Gamma(LayerCase c, double[] a, double[] r, double gamma)
    {
        var z = new double[c.OutputSize];
        for (int k = 0; k < c.OutputSize; k++)
        {
            z[k] = c.Biases[k];
            for (int j = 0; j < c.InputSize; j++)
            {
                z[k] += a[j] * c.Weights[j, k];
            }
        }

        double Part(int k, double value) => z[k] >= 0 ? Math.Max(0, value) : Math.Min(0, value);
        return Redistribute(
            c,
            (j, k) => (a[j] * c.Weights[j, k]) + (gamma * Part(k, a[j] * c.Weights[j, k])),
            k => c.Biases[k] + (gamma * Part(k, c.Biases[k])),
            r,
            Stabiliser);
    }

    public static double[] AlphaBeta(LayerCase c, double[] a, double[] r, double alpha, double beta)
    {
        double[] positive = ZPlus(c, a, r);
        double[] negative = Redistribute(c, (j, k) => Math.Min(0, a[j] * c.Weights[j, k]), k => Math.Min(0, c.Biases[k]), r, Stabiliser);
        return positive.Select((p, j) => (alpha * p) - (beta * negative[j])).ToArray();
    }

    public static double[] ZPlus(LayerCase c, double[] a, double[] r) =>
        Redistribute(c, (j, k) => Math.Max(0, a[j] * c.Weights[j, k]), k => Math.Max(0, c.Biases[k]), r, Stabiliser);

    public static double[] Box(LayerCase c, double[] a, double[] r, double[] low, double[] high) =>
        Redistribute(
            c,
            (j, k) =>
            {
                double w = c.Weights[j, k];
                int channel = c.ChannelOf(j);
                return (a[j] * w) - (low[channel] * Math.Max(0, w)) - (high[channel] * Math.Min(0, w));
            },
            k => c.Biases[k],
            r,
            Stabiliser);

    public static double[] WSquare(LayerCase c, double[] r) =>
        Redistribute(c, (j, k) => c.Weights[j, k] * c.Weights[j, k], _ => 0, r, Stabiliser);

    public static double[] Flat(LayerCase c, double[] r) =>
        Redistribute(c, (j, k) => c.Weights[j, k] != 0 ? 1 : 0, _ => 0, r, Stabiliser);

    private static double[] Redistribute(LayerCase c, Func<int, int, double> z, Func<int, double> bias, double[] r, double epsilon)
    {
        var relevance = new double[c.InputSize];
        for (int k = 0; k < c.OutputSize; k++)
        {
            double denominator = bias(k);
            for (int j = 0; j < c.InputSize; j++)
            {
                denominator += z(j, k);
            }

            denominator += denominator >= 0 ? epsilon : -epsilon;
            for (int j = 0; j < c.InputSize; j++)
            {
                relevance[j] += z(j, k) / denominator * r[k];
            }
        }

        return relevance;
    }
}
