namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// How <see cref="CellDepartureMoments.Add"/> bounds a value: once a cell holds <paramref name="FromCount"/> values (at
/// least 2), a value is taken no further than <paramref name="Cutoff"/> sample standard deviations from the
/// cell's running mean. For one variable this is Huber-type weighting with w = min(1, c / |z|) on the deviation from the
/// mean (and w² on its square), the univariate case of the robust estimates of Campbell (1980), "Robust procedures in
/// multivariate analysis I", which the relevance climatology's composition statistics use with c = √d + b₁/√2.
/// </summary>
/// <param name="FromCount">Values a cell needs before its values are bounded.</param>
/// <param name="Cutoff">Bound in sample standard deviations (&gt; 0).</param>
public readonly record struct Winsorising(int FromCount, double Cutoff)
{
    /// <summary>
    /// Fewest values a cell needs before <see cref="Campbell"/> bounds by its spread: with fewer, the sample standard
    /// deviation is too uncertain a scale (a new ordinary value lies beyond 2.41 of them about one time in eighteen at 8
    /// values, against one in thirty-four at 20, Student's t), so the bound would clip ordinary values and shrink the
    /// spread it is measured by.
    /// </summary>
    public const int FewestValues = 20;

    /// <summary>
    /// Campbell's (1980) cutoff for one variable, 1 + b₁/√2, from the relevance climatology's b₁, once a cell has
    /// <paramref name="fromCount"/> values and at least <see cref="FewestValues"/>.
    /// </summary>
    public static Winsorising Campbell(int fromCount, double b1) => new(Math.Max(fromCount, FewestValues), 1 + (b1 / Math.Sqrt(2)));
}
