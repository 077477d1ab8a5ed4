namespace Monitor.Core.Monitoring.Reports;

/// <summary>One input's relevance over a region's explanation (Σ over the input's cells).</summary>
/// <param name="Input">The input variable.</param>
/// <param name="Share">Its share of Σ|R| over every input, 0…1.</param>
/// <param name="Sum">Σ R (signed).</param>
/// <param name="Absolute">Σ |R|.</param>
/// <param name="Positive">Σ of the positive parts.</param>
/// <param name="Negative">Σ of the negative parts (≤ 0).</param>
public sealed record InputRelevance(string Input, double Share, double Sum, double Absolute, double Positive, double Negative);
