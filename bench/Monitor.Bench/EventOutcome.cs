namespace Monitor.Bench;

/// <summary>What the service made of one planted unusual event over the test season.</summary>
/// <param name="Id">The event's id in truth/events.json.</param>
/// <param name="Start">Its first time (UTC).</param>
/// <param name="End">Its last time (UTC).</param>
/// <param name="Latitude">Its centre at mid-life, °N.</param>
/// <param name="Longitude">Its centre at mid-life, °E.</param>
/// <param name="ExtremeRegions">Extreme regions (any kind, lead, cycle) whose cells overlap its mask at their valid time.</param>
/// <param name="ExplainedRegions">Explained extreme or watch regions overlapping its mask.</param>
/// <param name="ScoredRegions">Of those, the ones with an anomaly score.</param>
/// <param name="MaxScore">Their largest anomaly score, or null.</param>
/// <param name="AlertKeys">Distinct keys of new alerts (revision 1) matching it.</param>
internal sealed record EventOutcome(int Id, DateTime Start, DateTime End, double Latitude, double Longitude, int ExtremeRegions, int ExplainedRegions,
    int ScoredRegions, double? MaxScore, int AlertKeys);
