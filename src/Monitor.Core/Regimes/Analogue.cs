namespace Monitor.Core.Regimes;

/// <summary>A historical state close to a given one in EOF space.</summary>
/// <param name="Time">Valid time of the historical state (UTC).</param>
/// <param name="Distance">Euclidean distance in the space of the leading principal components (EOF-space units, i.e. field units of the √cos φ-weighted anomaly).</param>
/// <param name="Label">The historical state's persistence label (regime id or <c>none</c>).</param>
/// <param name="Name">The label's name.</param>
/// <param name="Cluster">The historical state's nearest regime centroid (0-based).</param>
public sealed record Analogue(DateTime Time, double Distance, string Label, string Name, int Cluster);
