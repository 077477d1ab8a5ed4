namespace Monitor.Core.Regimes;

/// <summary>The result of <see cref="RegimeFitter.Fit"/>: the model and the fitted archive's history.</summary>
/// <param name="Model">The fitted model.</param>
/// <param name="History">Every fitted state with its persistence label, cluster, indices and EOF position.</param>
/// <param name="Inertia">k-means inertia of the winning restart (EOF-space units²).</param>
public sealed record RegimeFit(RegimeModel Model, RegimeHistory History, double Inertia);
