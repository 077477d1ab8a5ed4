namespace Monitor.Core.Relevance.Summaries;

/// <summary>How much one input variable contributed to an explained selection.</summary>
/// <param name="Variable">Input variable name.</param>
/// <param name="Sum">Σ R over the variable's cells.</param>
/// <param name="Absolute">Σ |R| over the variable's cells.</param>
/// <param name="Share">Absolute / Σ over inputs of Absolute: the variable's share of all relevance, 0…1.</param>
/// <param name="Positive">Σ max(R, 0): relevance supporting the explained value.</param>
/// <param name="Negative">Σ min(R, 0): relevance opposing it.</param>
public sealed record VariableRelevance(string Variable, double Sum, double Absolute, double Share, double Positive, double Negative);
