namespace Monitor.Core.Monitoring;

/// <summary>
/// One lead of a prediction against the forecast's own field of the target, in the target's units; missing cells (NaN:
/// the forecast's, or the prediction's where an input is missing) are left out of each mean; NaN when a mean has no cell.
/// </summary>
/// <param name="LeadHours">The lead, hours.</param>
/// <param name="PredictedMean">Mean of the model's prediction over the grid (unweighted).</param>
/// <param name="ForecastMean">Mean of the forecast's own field, or null when the cycle lacks it.</param>
/// <param name="Rmse">Root-mean-square difference prediction − forecast over the cells where both are present, or null.</param>
/// <param name="Bias">Mean difference prediction − forecast over the same cells, or null.</param>
public sealed record LeadConsistency(int LeadHours, double PredictedMean, double? ForecastMean, double? Rmse, double? Bias);
