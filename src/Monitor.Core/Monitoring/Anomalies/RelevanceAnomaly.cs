namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// How unusual one explained region's relevance composition is against the relevance climatology of its place, lead,
/// valid hour and season.
/// </summary>
/// <param name="Location">The climatology's location: a watch region's name or a grid-cell bin (e.g. <c>bin-03-07</c>).</param>
/// <param name="Season">The season's index (0 = DJF … 3 = SON).</param>
/// <param name="Hour">The valid hour (UTC) of the climatology's slot.</param>
/// <param name="History">Explanations in that slot (≥ the minimum history, else no score is given).</param>
/// <param name="Score">
/// The shrinkage-regularised Mahalanobis distance D of the composition from the slot's mean (docs/alerts.md); for an
/// ordinary composition D² is about the number of features.
/// </param>
/// <param name="Features">The number of features d.</param>
/// <param name="Feature">The feature that departs most, in standard deviations (e.g. <c>share_v10</c>).</param>
/// <param name="Value">Its value in this explanation.</param>
/// <param name="Mean">Its climatological mean.</param>
/// <param name="StandardDeviation">Its climatological standard deviation (regularised as in the score).</param>
/// <param name="ShareMeans">Each input's climatological share of Σ|R| in that slot, in the model's input order.</param>
/// <param name="ShareStandardDeviations">Their standard deviations (floored as in the score).</param>
public sealed record RelevanceAnomaly(
    string Location,
    int Season,
    int Hour,
    int History,
    double Score,
    int Features,
    string Feature,
    double Value,
    double Mean,
    double StandardDeviation,
    IReadOnlyList<double> ShareMeans,
    IReadOnlyList<double> ShareStandardDeviations)
{
    /// <summary>The departing feature's standardised departure (Value − Mean) / StandardDeviation.</summary>
    public double Departure => (Value - Mean) / StandardDeviation;
}
