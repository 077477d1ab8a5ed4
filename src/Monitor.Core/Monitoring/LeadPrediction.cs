namespace Monitor.Core.Monitoring;

/// <summary>A transfer model's prediction of one lead and its prediction for the reference state, standardised as its output.</summary>
/// <param name="LeadIndex">The lead's index in the cycle.</param>
/// <param name="Prediction">The prediction, one value per cell.</param>
/// <param name="ReferencePrediction">The prediction for the reference state; null when the explanation had no reference.</param>
public sealed record LeadPrediction(int LeadIndex, float[] Prediction, float[]? ReferencePrediction);
