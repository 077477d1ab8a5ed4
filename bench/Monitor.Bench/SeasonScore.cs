namespace Monitor.Bench;

/// <summary>The alerts of one test season scored against the planted events (<see cref="AlertScoring"/>).</summary>
/// <param name="Events">Every planted unusual event active in the season.</param>
/// <param name="Alerts">Every new alert (revision 1) of the rule.</param>
/// <param name="MatchedAlerts">Alerts matching a planted unusual event.</param>
/// <param name="ExplainedRegions">Explained extreme and watch regions over the season.</param>
/// <param name="ScoredRegions">Of those, with an anomaly score.</param>
/// <param name="RegionsAtWarning">Of those, scoring ≥ the warning threshold (6).</param>
/// <param name="RegionsOnUnusual">Explained regions overlapping an unusual event's mask.</param>
/// <param name="ScoredOnUnusual">Of those, with a score.</param>
/// <param name="WarningOnUnusual">Of those, scoring ≥ 6.</param>
/// <param name="OffEventQuantiles">Median, 90th and 99th percentile and maximum of the scores of regions on no unusual event's mask.</param>
/// <param name="OffEventSevere">Of those, scoring ≥ 9.</param>
/// <param name="OffEventWarningFeatures">Of those scoring ≥ 6, how many per feature that departs most.</param>
/// <param name="OffEventWarningPolar">Of those scoring ≥ 6, how many centred poleward of 60°.</param>
internal sealed record SeasonScore(IReadOnlyList<EventOutcome> Events, IReadOnlyList<AlertOutcome> Alerts, int MatchedAlerts, int ExplainedRegions,
    int ScoredRegions, int RegionsAtWarning, int RegionsOnUnusual, int ScoredOnUnusual, int WarningOnUnusual, IReadOnlyList<double> OffEventQuantiles,
    int OffEventSevere, IReadOnlyDictionary<string, int> OffEventWarningFeatures, int OffEventWarningPolar);
