using Monitor.Core.Monitoring.Anomalies;

namespace Monitor.Core.Monitoring;

/// <summary>What <see cref="RelevanceClimatologySampler"/> found in one cycle.</summary>
/// <param name="Samples">The locations' relevance compositions.</param>
/// <param name="Predictions">Each explained lead's prediction and reference prediction.</param>
public sealed record RelevanceCycleSample(IReadOnlyList<RelevanceSample> Samples, IReadOnlyList<LeadPrediction> Predictions);
