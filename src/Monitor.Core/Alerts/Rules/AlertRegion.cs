using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>The explained region an alert is about, so that it can be illustrated (explained again and drawn).</summary>
/// <param name="Model">The model's name.</param>
/// <param name="RegionId">The extreme's track id or the watch region's name.</param>
/// <param name="Source">Extreme or watch region.</param>
/// <param name="LeadHours">The lead.</param>
public sealed record AlertRegion(string Model, string RegionId, RegionSource Source, int LeadHours);
