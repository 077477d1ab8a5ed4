namespace Monitor.Core.Regimes;

/// <summary>Empirical orthogonal functions of a state matrix (see <see cref="EofAnalysis"/>).</summary>
/// <param name="Patterns">EOFs <c>[mode][column]</c>, unit Euclidean norm, leading mode first; sign fixed so that each pattern's largest-magnitude entry is positive.</param>
/// <param name="Eigenvalues">Variance of each mode's principal component (input units², divisor n − 1).</param>
/// <param name="TotalVariance">Sum of the column variances (input units²), the trace of the covariance matrix.</param>
public sealed record EofResult(double[][] Patterns, double[] Eigenvalues, double TotalVariance)
{
    /// <summary>Number of modes.</summary>
    public int Modes => Patterns.Length;

    /// <summary>Fraction of the total variance each mode explains (0–1).</summary>
    public double[] ExplainedVariance() => [.. Eigenvalues.Select(e => TotalVariance > 0 ? e / TotalVariance : 0)];

    /// <summary>Principal components of one state (the state's projection on every EOF, input units).</summary>
    public double[] Project(ReadOnlySpan<double> state)
    {
        var pcs = new double[Patterns.Length];
        for (int m = 0; m < pcs.Length; m++)
        {
            double[] eof = Patterns[m];
            double sum = 0;
            for (int j = 0; j < eof.Length; j++)
            {
                sum += eof[j] * state[j];
            }

            pcs[m] = sum;
        }

        return pcs;
    }
}
