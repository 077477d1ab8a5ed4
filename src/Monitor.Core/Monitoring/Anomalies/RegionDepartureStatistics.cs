namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>A region's usual unexplained departure: the mean over its cells of their means and of their standard deviations.</summary>
/// <param name="Mean">Mean over the cells of each cell's mean, target units.</param>
/// <param name="Spread">Mean over the cells of each cell's sample standard deviation, target units.</param>
/// <param name="History">The smallest number of values behind a cell of the region.</param>
public sealed record RegionDepartureStatistics(double Mean, double Spread, int History);
