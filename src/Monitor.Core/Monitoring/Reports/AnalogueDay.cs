namespace Monitor.Core.Monitoring.Reports;

/// <summary>A past state close to a lead's state.</summary>
/// <param name="ValidTime">When it was.</param>
/// <param name="Distance">Distance in EOF space.</param>
/// <param name="Label">Its regime label.</param>
public sealed record AnalogueDay(DateTime ValidTime, double Distance, string Label);
