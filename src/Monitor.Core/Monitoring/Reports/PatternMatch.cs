namespace Monitor.Core.Monitoring.Reports;

/// <summary>The recurring relevance pattern nearest to an explanation.</summary>
/// <param name="Pattern">Its number.</param>
/// <param name="Name">Its name.</param>
/// <param name="Distance">Distance of the explanation to the pattern's centre.</param>
/// <param name="TypicalDistance">The pattern's typical distance of its members (a ratio above ~2 is unusual).</param>
public sealed record PatternMatch(int Pattern, string Name, double Distance, double TypicalDistance);
