using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Summaries;

namespace Monitor.Core.Monitoring;

/// <summary>What <see cref="RegionExplainer"/> found for one region: the maps, their summary, and what a file records.</summary>
/// <param name="Explanation">Relevance of every input at every cell (selection 0).</param>
/// <param name="Summary">Shares, signed parts, footprint and conservation of the region's relevance.</param>
/// <param name="Context">Model, cycle, lead, rules, prediction and reference, as an explanation file records them.</param>
public sealed record RegionExplanation(Explanation Explanation, RegionSummary Summary, ExplanationContext Context);
