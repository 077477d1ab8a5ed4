using System.Text.Json.Serialization;
using Monitor.Core.Monitoring.Anomalies;

namespace Monitor.Core.Monitoring.Reports;

/// <summary>The relevance summary of one region at one lead for one model.</summary>
/// <param name="Model">The model.</param>
/// <param name="Target">Its target.</param>
/// <param name="LeadHours">The lead, hours.</param>
/// <param name="ValidTime">Valid time (UTC).</param>
/// <param name="Source">Why the region was explained.</param>
/// <param name="Slot">A bounded name for the region within its lead: the watch region's name, or <c>{kind}-{rank}</c> / <c>disagreement-{rank}</c> with rank 1 = largest.</param>
/// <param name="RegionId">The region's identity: the extreme's track id (e.g. <c>hot-03</c>), the watch region's name, or the disagreement's slot.</param>
/// <param name="Explained">What was explained, in words (selector, region, lead).</param>
/// <param name="RelativeTo">The reference state the relevance is measured from, in words.</param>
/// <param name="Cells">Cells in the region.</param>
/// <param name="AreaKm2">Its area, km².</param>
/// <param name="CentroidLatitude">Its centroid, °N.</param>
/// <param name="CentroidLongitude">Its centroid, °E.</param>
/// <param name="PredictedMean">The model's mean prediction over the region, target units.</param>
/// <param name="ReferencePredictedMean">Its mean prediction over the region for the reference state, target units; NaN without one.</param>
/// <param name="Inputs">Per input: share of Σ|R| and signed parts.</param>
/// <param name="FootprintEastKm">East component of the footprint's offset from the centroid, km.</param>
/// <param name="FootprintNorthKm">North component, km.</param>
/// <param name="FootprintMeanDistanceKm">Relevance-weighted mean distance from the centroid, km.</param>
/// <param name="FootprintWind">The footprint against the 10 m wind (e.g. "upwind"), or null without wind.</param>
/// <param name="OutputRelevance">Σ of the relevance put on the output.</param>
/// <param name="InputRelevance">Σ of the relevance reaching the inputs.</param>
/// <param name="Pattern">The nearest recurring relevance pattern, its distance and typical distance; null without a pattern model.</param>
/// <param name="Anomaly">How unusual the composition is against the relevance climatology of its place, lead, hour and season; null without one, or without enough history there.</param>
/// <param name="ForecastMean">The forecast's own target over the region (mean of its cells, as <paramref name="PredictedMean"/>), target units; NaN when the cycle lacks the target.</param>
/// <param name="ClimatologicalMean">The target's climatological mean over the region at the valid time, target units; NaN without a climatology of the target.</param>
/// <param name="ValidationRmse">The model's validation RMSE over the region (mean of its cells' rows), target units; NaN when the model has no training record.</param>
/// <param name="UsualUnexplained">What <see cref="UnexplainedDeparture"/> usually is over the region's cells at this lead, hour and season — the mean of the cells' means and standard deviations in the model's relevance climatology, and the fewest values behind a cell; null without a relevance climatology, without enough history, or when the reference is not the climatology.</param>
/// <param name="UnexplainedCore">The most unusual 3 × 3-cell core of this cycle's unexplained departure over the region, in usual standard deviations cell by cell (the smallest and largest window mean); null without a relevance climatology, the forecast's target or a window whose cells have enough history.</param>
public sealed record ExplainedRegion(
    string Model,
    string Target,
    int LeadHours,
    DateTime ValidTime,
    RegionSource Source,
    string Slot,
    string RegionId,
    string Explained,
    string RelativeTo,
    int Cells,
    double AreaKm2,
    double CentroidLatitude,
    double CentroidLongitude,
    double PredictedMean,
    double ReferencePredictedMean,
    IReadOnlyList<InputRelevance> Inputs,
    double FootprintEastKm,
    double FootprintNorthKm,
    double FootprintMeanDistanceKm,
    string? FootprintWind,
    double OutputRelevance,
    double InputRelevance,
    PatternMatch? Pattern,
    RelevanceAnomaly? Anomaly = null,
    double ForecastMean = double.NaN,
    double ClimatologicalMean = double.NaN,
    double ValidationRmse = double.NaN,
    RegionDepartureStatistics? UsualUnexplained = null,
    UnexplainedCore? UnexplainedCore = null)
{
    /// <summary>The input with the largest share.</summary>
    public InputRelevance Leading => Inputs.MaxBy(i => i.Share)!;

    /// <summary>
    /// The part of the forecast's departure from the climatology that the model's inputs do not account for:
    /// (forecast − climatological mean) − (prediction − reference prediction), target units; NaN when a term is unknown
    /// or the reference is not the climatology's. docs/alerts.md, "Unexplained extremes".
    /// </summary>
    public double UnexplainedDeparture => ForecastDeparture - ModelDeparture;

    /// <summary>The forecast's departure from the climatology over the region (forecast − climatological mean); NaN when unknown.</summary>
    [JsonIgnore]
    public double ForecastDeparture => ForecastMean - ClimatologicalMean;

    /// <summary>The model's departure from its reference prediction over the region; NaN when unknown.</summary>
    [JsonIgnore]
    public double ModelDeparture => PredictedMean - ReferencePredictedMean;
}
