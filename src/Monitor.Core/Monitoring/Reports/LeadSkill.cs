namespace Monitor.Core.Monitoring.Reports;

/// <summary>A model's prediction at one lead against the forecast's own field of its target.</summary>
/// <param name="LeadHours">The lead, hours.</param>
/// <param name="ValidTime">Valid time (UTC).</param>
/// <param name="PredictedMean">Mean of the prediction over the grid (unweighted), target units.</param>
/// <param name="ForecastMean">Mean of the forecast's field, or null when the cycle lacks it.</param>
/// <param name="Rmse">RMS of prediction − forecast, or null.</param>
/// <param name="Bias">Mean of prediction − forecast, or null.</param>
/// <param name="DisagreementCells">Cells where |prediction − forecast| exceeds the threshold (0 when unknown).</param>
/// <param name="DisagreementAreaKm2">Their area, km².</param>
public sealed record LeadSkill(int LeadHours, DateTime ValidTime, double PredictedMean, double? ForecastMean, double? Rmse, double? Bias,
    int DisagreementCells, double DisagreementAreaKm2);
