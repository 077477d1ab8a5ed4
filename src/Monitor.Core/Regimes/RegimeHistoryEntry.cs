namespace Monitor.Core.Regimes;

/// <summary>One state of a regime history.</summary>
/// <param name="Time">Valid time (UTC).</param>
/// <param name="Label">Regime id (R1 …) assigned by the persistence rule, or <see cref="RegimeHistory.NoRegime"/>.</param>
/// <param name="Cluster">k-means cluster (0-based), the regime whose centroid is nearest in EOF space.</param>
/// <param name="Indices">Standardised projection index per regime (standard deviations).</param>
/// <param name="Pcs">Principal components (position in EOF space).</param>
public sealed record RegimeHistoryEntry(DateTime Time, string Label, int Cluster, double[] Indices, double[] Pcs);
