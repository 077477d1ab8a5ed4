namespace Monitor.Core.Alerts;

/// <summary>A link in an alert (a Grafana dashboard with the alert's time range and variables, a report).</summary>
/// <param name="Label">What the reader gets by following it (<c>Relevance dashboard, +48 h</c>).</param>
/// <param name="Url">An absolute http or https URL.</param>
public sealed record AlertLink(string Label, string Url);
