namespace Monitor.Core.Regimes;

/// <summary>One state placed in a fitted regime model.</summary>
/// <param name="Time">Valid time (UTC).</param>
/// <param name="Pcs">Position in EOF space: the principal components (field units, √cos φ-weighted).</param>
/// <param name="Indices">Standardised projection index of each regime (standard deviations).</param>
/// <param name="Cluster">Nearest k-means centroid in EOF space (0-based regime number).</param>
/// <param name="Leading">Regime with the largest index when that index reaches the threshold, else −1; the
/// instantaneous label (the persistence rule needs ≥ 5 days of states and is applied to histories).</param>
public sealed record RegimeState(DateTime Time, double[] Pcs, double[] Indices, int Cluster, int Leading);
