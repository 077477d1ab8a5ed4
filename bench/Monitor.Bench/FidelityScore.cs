namespace Monitor.Bench;

/// <summary>How one method did on one selection.</summary>
/// <param name="Correlation">Per-sample Pearson r of the attribution map with the truth.</param>
/// <param name="Completeness">Median over samples of Σ attribution / Σ_S f(x), f the explained function.</param>
/// <param name="Seconds">Wall time of the attributions of all samples (s).</param>
/// <param name="RepeatDifference">max |Δ| / max |a| between two runs on the first batch (0 when deterministic).</param>
/// <param name="NonFiniteMaps">Samples whose attribution map holds a NaN or ∞.</param>
internal sealed record FidelityScore(FidelitySummary Correlation, double Completeness, double Seconds, double RepeatDifference, int NonFiniteMaps);
