namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>How the relevance climatology scores and updates (docs/alerts.md, "Anomaly score").</summary>
public sealed record RelevanceClimatologyOptions
{
    /// <summary>Explanations a slot needs before it gives a score (default 20).</summary>
    public int MinimumHistory { get; init; } = 20;

    /// <summary>
    /// Pseudo-observations n₀ of the diagonal shrinkage target: Σ = (n S + n₀ diag S) / (n + n₀). Null (default) = the
    /// number of features d, so a slot with d explanations — where S is singular — is shrunk half-way.
    /// </summary>
    public double? ShrinkagePrior { get; init; }

    /// <summary>Smallest standard deviation of a share or signed fraction (default 0.01 = one percentage point).</summary>
    public double FractionFloor { get; init; } = 0.01;

    /// <summary>Smallest standard deviation of a footprint component or distance, km (default 10).</summary>
    public double DistanceFloorKm { get; init; } = 10;

    /// <summary>
    /// Huber-type down-weighting of outliers in updates (Campbell 1980): once a slot has its minimum history, an
    /// explanation at distance D &gt; d₀ = √d + b₁/√2 is added with weight d₀ / D. b₁ default 2; null = every weight 1.
    /// </summary>
    public double? RobustB1 { get; init; } = 2;

    /// <summary>Checks the values; throws naming the bad one.</summary>
    public RelevanceClimatologyOptions Validate()
    {
        if (MinimumHistory < 2)
        {
            throw new ArgumentException($"MinimumHistory must be at least 2, not {MinimumHistory}.");
        }

        if (ShrinkagePrior is < 0 || (ShrinkagePrior is double s && !double.IsFinite(s)))
        {
            throw new ArgumentException($"ShrinkagePrior must be a non-negative number, not {ShrinkagePrior}.");
        }

        if (!(FractionFloor > 0) || !(DistanceFloorKm > 0))
        {
            throw new ArgumentException($"FractionFloor ({FractionFloor}) and DistanceFloorKm ({DistanceFloorKm}) must be positive.");
        }

        if (RobustB1 is < 0 || (RobustB1 is double b && !double.IsFinite(b)))
        {
            throw new ArgumentException($"RobustB1 must be a non-negative number, not {RobustB1}.");
        }

        return this;
    }
}
