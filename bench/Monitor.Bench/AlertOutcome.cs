namespace Monitor.Bench;

/// <summary>One new alert (revision 1) of the rule and what it matched.</summary>
/// <param name="Key">Its dedup key.</param>
/// <param name="Cycle">The cycle that raised it.</param>
/// <param name="ValidTime">Its valid time.</param>
/// <param name="LeadHours">Its lead.</param>
/// <param name="Region">The explained region it is about: slot and centroid.</param>
/// <param name="Score">Its anomaly score.</param>
/// <param name="Match">"unusual #id" for a planted unusual event, "ordinary #id (kind)" for another planted event, "none".</param>
internal sealed record AlertOutcome(string Key, string Cycle, DateTime ValidTime, int LeadHours, string Region, double? Score, string Match);
