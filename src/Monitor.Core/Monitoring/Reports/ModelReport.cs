namespace Monitor.Core.Monitoring.Reports;

/// <summary>One transfer model on one cycle.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Target">Its target variable.</param>
/// <param name="Units">The target's units.</param>
/// <param name="HasForecastTarget">Whether the cycle holds the target itself (skill and disagreement need it).</param>
/// <param name="DisagreementThreshold">|prediction − forecast| beyond which a cell disagrees, in the target's units; null when unknown.</param>
/// <param name="Leads">Per lead: means, RMSE, bias and disagreement.</param>
public sealed record ModelReport(string Model, string Target, string Units, bool HasForecastTarget, double? DisagreementThreshold,
    IReadOnlyList<LeadSkill> Leads);
