namespace Monitor.Core.Monitoring;

/// <summary>One region of one lead of a cycle to explain.</summary>
/// <param name="LeadHours">The lead, hours.</param>
/// <param name="Mask">The region: one flag per grid cell, row-major from the first latitude.</param>
/// <param name="Where">The region in words, e.g. "over 40..55N, 0..20E (84 cells)".</param>
/// <param name="Quantity">What is explained.</param>
/// <param name="Comparison">For <see cref="ExplainedQuantity.Error"/>: the cycle's variable to compare with; null for the model's target.</param>
/// <param name="IsCell">True when the mask is one cell (explained as that cell's prediction).</param>
/// <param name="Unweighted">Explain the plain sum over the region's cells instead of their area-weighted mean.</param>
public sealed record RegionRequest(int LeadHours, bool[] Mask, string Where, ExplainedQuantity Quantity = ExplainedQuantity.Output,
    string? Comparison = null, bool IsCell = false, bool Unweighted = false);
