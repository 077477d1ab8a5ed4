using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>Orography and land–sea mask on a grid, with where they came from (for logs and the ground truth).</summary>
/// <param name="Fields">The static fields.</param>
/// <param name="Source">E.g. "ETOPO5 (/usr/share/ferret-vis/data/etopo5.cdf)" or "analytic fallback: …".</param>
public sealed record Geography(StaticFields Fields, string Source);
