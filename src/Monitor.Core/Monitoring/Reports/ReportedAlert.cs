namespace Monitor.Core.Monitoring.Reports;

/// <summary>An alert a cycle raised, as the report, InfluxDB (annotations) and the HTML report show it.</summary>
/// <param name="Key">The alert key.</param>
/// <param name="Revision">Its revision (1 = first, then escalations and the all-clear).</param>
/// <param name="Rule">The rule.</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>severe</c>.</param>
/// <param name="LeadHours">The lead it is about, or null.</param>
/// <param name="ValidTime">The valid time it is about, or null.</param>
/// <param name="Summary">The one sentence.</param>
public sealed record ReportedAlert(string Key, int Revision, string Rule, string Severity, int? LeadHours, DateTime? ValidTime, string Summary);
