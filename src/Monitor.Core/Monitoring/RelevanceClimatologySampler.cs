using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;

namespace Monitor.Core.Monitoring;

/// <summary>
/// Explains every location of a relevance climatology (each grid-cell bin and watch region, as an area-weighted region
/// mean) at the leads the climatology has slots for, against the reference state the caller gives, K locations per
/// backward pass on one kept forward pass per lead: the samples the bootstrap and the service add, with each explained
/// lead's prediction and reference prediction (for the unexplained departure, <see cref="RelevanceClimatology.Departures"/>).
/// </summary>
/// <param name="explainer">The model's region explainer (method and composite of the climatology).</param>
/// <param name="inputs">The model's inputs.</param>
/// <param name="batchSize">Locations per backward pass.</param>
public sealed class RelevanceClimatologySampler(RegionExplainer explainer, IReadOnlyList<string> inputs, int batchSize)
{
    /// <summary>
    /// The samples of <paramref name="data"/>'s leads in <paramref name="leads"/> (all leads when null) that
    /// <paramref name="info"/> has a slot for — a location whose inputs got no relevance gives none — and those leads'
    /// predictions, standardised as the model's output.
    /// </summary>
    /// <param name="info">The climatology's description.</param>
    /// <param name="data">The cycle.</param>
    /// <param name="reference">The reference state of a lead index.</param>
    /// <param name="leads">The leads to explain, or null for all.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public RelevanceCycleSample Sample(RelevanceClimatologyInfo info, CycleData data, Func<int, ReferenceState> reference,
        IReadOnlyCollection<int>? leads = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(reference);
        RelevanceLocations locations = info.Locations;
        if (!locations.Grid.Matches(data.Grid))
        {
            throw new ArgumentException($"The relevance climatology is on {locations.Grid}, cycle {data.Cycle} on {data.Grid}.", nameof(data));
        }

        bool[][] masks = [.. Enumerable.Range(0, locations.Count).Select(locations.Mask)];
        var samples = new List<RelevanceSample>();
        var predictions = new List<LeadPrediction>();
        for (int l = 0; l < data.LeadHours.Count; l++)
        {
            int lead = data.LeadHours[l];
            DateTime valid = data.Cycle.ValidTime(lead);
            if ((leads is not null && !leads.Contains(lead)) || info.LeadSlot(lead) < 0 || info.HourSlot(valid) < 0)
            {
                continue;
            }

            RegionRequest[] requests = [.. Enumerable.Range(0, locations.Count).Select(i => new RegionRequest(lead, masks[i], $"over {locations.Name(i)}"))];
            var locationOf = requests.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
            LeadPrediction? prediction = null;
            IReadOnlyList<RelevanceSample?> explained = explainer.ExplainLead(data, lead, requests, reference(l), batchSize,
                (request, summary, explanation, _) =>
                {
                    prediction ??= new LeadPrediction(l, [.. explanation.Output], explanation.ReferenceOutput?.ToArray());
                    return RelevanceFeatures.Of(summary, inputs) is double[] features ? new RelevanceSample(locationOf[request], lead, valid, features) : null;
                },
                cancellationToken);
            samples.AddRange(explained.OfType<RelevanceSample>());
            if (prediction is not null)
            {
                predictions.Add(prediction);
            }
        }

        return new RelevanceCycleSample(samples, predictions);
    }
}
