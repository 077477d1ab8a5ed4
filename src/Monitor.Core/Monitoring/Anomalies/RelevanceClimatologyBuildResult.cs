namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>What a relevance climatology build did.</summary>
/// <param name="AlreadyIncluded">Cycles of the request that an earlier (interrupted) build had included.</param>
/// <param name="CyclesAdded">Cycles added now.</param>
/// <param name="ExplanationsAdded">Explanations (location × lead) added now.</param>
/// <param name="Skipped">Cycles that could not be read or explained, each with its reason.</param>
/// <param name="Elapsed">Time taken.</param>
public sealed record RelevanceClimatologyBuildResult(int AlreadyIncluded, int CyclesAdded, int ExplanationsAdded, IReadOnlyList<string> Skipped, TimeSpan Elapsed);
