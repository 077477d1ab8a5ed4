namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>One explanation's features for a relevance climatology's location, lead and valid time.</summary>
/// <param name="Location">The location index (<see cref="RelevanceLocations"/>).</param>
/// <param name="LeadHours">The lead, hours.</param>
/// <param name="ValidTime">The valid time (UTC).</param>
/// <param name="Features">The features (<see cref="RelevanceFeatures"/>).</param>
public sealed record RelevanceSample(int Location, int LeadHours, DateTime ValidTime, IReadOnlyList<double> Features);
