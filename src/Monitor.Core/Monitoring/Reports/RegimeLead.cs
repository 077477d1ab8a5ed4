namespace Monitor.Core.Monitoring.Reports;

/// <summary>The weather regime at one lead.</summary>
/// <param name="LeadHours">The lead, hours.</param>
/// <param name="ValidTime">Valid time (UTC).</param>
/// <param name="Label">The regime's id (e.g. <c>R2</c>) when its index reaches the threshold, else <c>none</c>.</param>
/// <param name="Name">The regime's name, or "no regime".</param>
/// <param name="Nearest">The nearest centroid's id in EOF space.</param>
/// <param name="Indices">Projection index per regime id, standard deviations.</param>
/// <param name="Pcs">The first principal components.</param>
/// <param name="MapX">Position on the t-SNE state map, or null without a map.</param>
/// <param name="MapY">Position on the t-SNE state map, or null.</param>
/// <param name="Analogues">The nearest past states (valid time, distance, label), nearest first.</param>
public sealed record RegimeLead(int LeadHours, DateTime ValidTime, string Label, string Name, string Nearest,
    IReadOnlyDictionary<string, double> Indices, IReadOnlyList<double> Pcs, double? MapX, double? MapY, IReadOnlyList<AnalogueDay> Analogues);
