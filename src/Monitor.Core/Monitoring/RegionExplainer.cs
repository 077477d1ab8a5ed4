using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using TorchSharp;

namespace Monitor.Core.Monitoring;

/// <summary>
/// The use case forecasters ask for: which inputs, and where, made the model predict what it did over a region of one
/// lead of a cycle. Chooses the selector, explains with Layer-wise Relevance Propagation, converts the prediction back
/// to the target's units and summarises the relevance (shares, signed parts, footprint against the 10 m wind when the
/// cycle has it). Writes nothing: callers decide where results go (a file, a sink, a report).
/// </summary>
public sealed class RegionExplainer : IDisposable
{
    private readonly TransferModel _model;
    private readonly RelevanceExplainer _explainer;

    /// <summary>An explainer of <paramref name="model"/> with <paramref name="composite"/>'s rules (the model stays the caller's).</summary>
    public RegionExplainer(TransferModel model, Composite composite)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(composite);
        _model = model;
        Composite = composite;
        _explainer = RelevanceExplainer.For(model, composite);
    }

    /// <summary>The composite choosing each layer's rule.</summary>
    public Composite Composite { get; }

    /// <summary>Variables the cycle must hold for <paramref name="request"/> besides the model's inputs: the error selector's reference.</summary>
    public IReadOnlyList<VariableId> Required(RegionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Quantity == ExplainedQuantity.Error ? [ReferenceOf(request)] : [];
    }

    /// <summary>Explains <paramref name="request"/> on <paramref name="data"/> (read with <see cref="ModelCycleReader"/>).</summary>
    /// <exception cref="ArgumentException">The cycle has no such lead, the mask does not fit the grid, or the error selector's reference is missing.</exception>
    public RegionExplanation Explain(CycleData data, RegionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        int leadIndex = LeadIndex(data, request.LeadHours);
        GridSpec grid = data.Grid;
        ModelSpec spec = _model.Spec;
        Standardisation targetScale = spec.Standardisation[spec.Target];
        (RelevanceSelector selector, float[]? referenceField) = SelectorFor(data, leadIndex, request);
        Explanation explanation = _explainer.Explain(_model, data, leadIndex, [selector]);
        RegionSummary summary = RelevanceSummarizer.Summarize(explanation, 0, grid, spec.Inputs, Wind(data, leadIndex));
        float[] prediction = explanation.Output.ToArray();
        targetScale.Invert(prediction, grid.LongitudeCount);
        var context = new ExplanationContext(
            spec.Name,
            spec.Target,
            spec.Inputs,
            data.Cycle,
            request.LeadHours,
            Composite.Name,
            [.. _explainer.LayerRules.Select(l => $"{l.Layer.Name}={l.Rule.Name}")],
            _explainer.BoundsSource,
            prediction,
            referenceField,
            TorchRuntime.Kernels.Name);
        return new RegionExplanation(explanation, summary, context);
    }

    /// <summary>
    /// Explains every request of one lead, <paramref name="batchSize"/> at a time on one kept forward pass, and maps each
    /// explained selection through <paramref name="result"/> (request, summary, the batch's explanation and the
    /// request's selection in it) so that no batch's maps outlive it.
    /// </summary>
    /// <exception cref="ArgumentException">A request is for another lead, its mask does not fit the grid, or its reference is missing.</exception>
    public IReadOnlyList<T> ExplainLead<T>(CycleData data, int leadHours, IReadOnlyList<RegionRequest> requests, int batchSize,
        Func<RegionRequest, RegionSummary, Explanation, int, T> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (requests.Count == 0)
        {
            return [];
        }

        _model.CheckFits(data);
        int leadIndex = LeadIndex(data, leadHours);
        RelevanceSelector[] selectors = [.. requests.Select(r => r.LeadHours == leadHours
            ? SelectorFor(data, leadIndex, r).Selector
            : throw new ArgumentException($"A request for +{r.LeadHours} h among the requests of +{leadHours} h.", nameof(requests)))];
        (IReadOnlyList<float> U, IReadOnlyList<float> V)? wind = Wind(data, leadIndex);
        var results = new List<T>(requests.Count);
        using IDisposable scope = torch.NewDisposeScope();
        using ForwardPass pass = _explainer.Forward(_model.Inputs(data, leadIndex, 1));
        for (int start = 0; start < selectors.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RelevanceSelector[] batch = selectors[start..Math.Min(selectors.Length, start + batchSize)];
            Explanation explanation = _explainer.Explain(pass, batch);
            for (int k = 0; k < batch.Length; k++)
            {
                RegionSummary summary = RelevanceSummarizer.Summarize(explanation, k, data.Grid, _model.Spec.Inputs, wind);
                results.Add(result(requests[start + k], summary, explanation, k));
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose() => _explainer.Dispose();

    private static int LeadIndex(CycleData data, int leadHours)
    {
        int leadIndex = data.LeadHours.ToList().IndexOf(leadHours);
        return leadIndex >= 0 ? leadIndex
            : throw new ArgumentException($"Cycle {data.Cycle} has no lead +{leadHours} h; it has {string.Join(", ", data.LeadHours.Select(h => $"+{h}"))} h.");
    }

    private (RelevanceSelector Selector, float[]? ReferenceField) SelectorFor(CycleData data, int leadIndex, RegionRequest request)
    {
        GridSpec grid = data.Grid;
        if (request.Mask.Length != grid.CellCount)
        {
            throw new ArgumentException($"The region has {request.Mask.Length} cells, the grid {grid} has {grid.CellCount}.", nameof(request));
        }

        ModelSpec spec = _model.Spec;
        Standardisation targetScale = spec.Standardisation[spec.Target];
        string what = $"{spec.Target} {request.Where} at +{request.LeadHours} h";
        float[]? referenceField = null;
        RelevanceSelector selector;
        switch (request.Quantity)
        {
            case ExplainedQuantity.Error:
                VariableId reference = ReferenceOf(request);
                if (!data.Variables.Contains(reference))
                {
                    throw new ArgumentException($"Explaining the deviation needs the cycle's {reference}, which cycle {data.Cycle} lacks.", nameof(request));
                }

                referenceField = data.Field(leadIndex, data.IndexOf(reference)).ToArray();
                var standardised = new float[grid.CellCount];
                targetScale.Apply(referenceField, grid.LongitudeCount, standardised);
                selector = RelevanceSelector.Error(request.Mask, standardised, $"deviation of {what}",
                    reference.Name == spec.Target ? $"the forecast's own {reference}" : $"the cycle's {reference}");
                break;
            case ExplainedQuantity.Normalised:
                selector = RelevanceSelector.NormalisedRegion(request.Mask, what);
                break;
            default:
                selector = request.IsCell ? RelevanceSelector.Cell(request.Mask, what) : RelevanceSelector.Region(request.Mask, what);
                break;
        }

        return (selector, referenceField);
    }

    private VariableId ReferenceOf(RegionRequest request) => VariableId.Parse(request.Reference ?? _model.Spec.Target, VariableCatalog.Default);

    private static (IReadOnlyList<float> U, IReadOnlyList<float> V)? Wind(CycleData data, int lead) =>
        data.Variables.Contains(WindSpeed.U) && data.Variables.Contains(WindSpeed.V)
            ? (data.Field(lead, data.IndexOf(WindSpeed.U)).ToArray(), data.Field(lead, data.IndexOf(WindSpeed.V)).ToArray())
            : null;
}
