using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using TorchSharp;

namespace Monitor.Core.Monitoring;

/// <summary>
/// The use case forecasters ask for: which inputs, and where, made the model's prediction over a region of one lead of
/// a cycle differ from its prediction for a reference state (<see cref="ReferenceState"/>: the climatology, the
/// previous cycle, …). Chooses the selector (area-weighted by default), explains with Layer-wise Relevance Propagation
/// or a gradient-based method, converts the predictions back to the target's units and summarises the relevance
/// (shares, signed parts, footprint against the 10 m wind when the cycle has it). Writes nothing: callers decide where
/// results go (a file, a sink, a report).
/// </summary>
public sealed class RegionExplainer : IDisposable
{
    private readonly TransferModel _model;
    private readonly RelevanceExplainer _explainer;

    /// <summary>An explainer of <paramref name="model"/> with <paramref name="composite"/>'s rules (the model stays the caller's).</summary>
    /// <param name="model">The model.</param>
    /// <param name="composite">The LRP composite (used by <see cref="ExplanationMethod.Lrp"/>).</param>
    /// <param name="method">The attribution method.</param>
    /// <param name="integratedGradientSteps">Steps of the integrated-gradients path.</param>
    public RegionExplainer(TransferModel model, Composite composite, ExplanationMethod method = ExplanationMethod.Lrp,
        int integratedGradientSteps = IntegratedGradientsAttribution.DefaultSteps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentOutOfRangeException.ThrowIfLessThan(integratedGradientSteps, 1);
        _model = model;
        Composite = composite;
        Method = method;
        IntegratedGradientSteps = integratedGradientSteps;
        _explainer = RelevanceExplainer.For(model, composite);
    }

    /// <summary>The composite choosing each layer's rule.</summary>
    public Composite Composite { get; }

    /// <summary>The attribution method.</summary>
    public ExplanationMethod Method { get; }

    /// <summary>Steps of the integrated-gradients path.</summary>
    public int IntegratedGradientSteps { get; }

    /// <summary>The method in words for files and reports, e.g. "lrp (layer-depth-signed)" or "integrated-gradients (32 steps)".</summary>
    public string MethodDescription => Method switch
    {
        ExplanationMethod.Lrp => $"lrp ({Composite.Name})",
        ExplanationMethod.IntegratedGradients => $"integrated-gradients ({IntegratedGradientSteps} steps)",
        _ => Method.Name(),
    };

    /// <summary>Variables the cycle must hold for <paramref name="request"/> besides the model's inputs: the error selector's reference.</summary>
    public IReadOnlyList<VariableId> Required(RegionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Quantity == ExplainedQuantity.Error ? [ComparisonOf(request)] : [];
    }

    /// <summary>
    /// Explains <paramref name="request"/> on <paramref name="data"/> (read with <see cref="ModelCycleReader"/>) relative to
    /// <paramref name="reference"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The cycle has no such lead, the mask does not fit the grid, the error selector's
    /// comparison field is missing, or the reference state does not fit the model.</exception>
    public RegionExplanation Explain(CycleData data, RegionRequest request, ReferenceState reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reference);
        cancellationToken.ThrowIfCancellationRequested();
        _model.CheckFits(data);
        int leadIndex = LeadIndex(data, request.LeadHours);
        GridSpec grid = data.Grid;
        ModelSpec spec = _model.Spec;
        Standardisation targetScale = spec.Standardisation[spec.Target];
        (RelevanceSelector selector, float[]? comparisonField) = SelectorFor(data, leadIndex, request, reference);
        using IDisposable scope = torch.NewDisposeScope();
        Explanation explanation = Explain(data, leadIndex, reference, [selector]);
        RegionSummary summary = RelevanceSummarizer.Summarize(explanation, 0, grid, spec.Inputs, Wind(data, leadIndex));
        float[] prediction = explanation.Output.ToArray();
        targetScale.Invert(prediction, grid.LongitudeCount);
        float[]? referencePrediction = explanation.ReferenceOutput?.ToArray();
        if (referencePrediction is not null)
        {
            targetScale.Invert(referencePrediction, grid.LongitudeCount);
        }

        var context = new ExplanationContext(
            spec.Name,
            spec.Target,
            spec.Inputs,
            data.Cycle,
            request.LeadHours,
            Composite.Name,
            [.. _explainer.LayerRules.Select(l => $"{l.Layer.Name}={l.Rule.Name}")],
            Method == ExplanationMethod.Lrp ? _explainer.BoundsSource : "unused",
            prediction,
            comparisonField,
            TorchRuntime.Kernels.Name,
            MethodDescription,
            reference.Name,
            reference.Description,
            referencePrediction);
        return new RegionExplanation(explanation, summary, context);
    }

    /// <summary>
    /// Explains every request of one lead, <paramref name="batchSize"/> at a time on one kept forward pass, and maps each
    /// explained selection through <paramref name="result"/> (request, summary, the batch's explanation and the
    /// request's selection in it) so that no batch's maps outlive it.
    /// </summary>
    /// <exception cref="ArgumentException">A request is for another lead, its mask does not fit the grid, or its reference is missing.</exception>
    public IReadOnlyList<T> ExplainLead<T>(CycleData data, int leadHours, IReadOnlyList<RegionRequest> requests, ReferenceState reference, int batchSize,
        Func<RegionRequest, RegionSummary, Explanation, int, T> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (requests.Count == 0)
        {
            return [];
        }

        _model.CheckFits(data);
        int leadIndex = LeadIndex(data, leadHours);
        RelevanceSelector[] selectors = [.. requests.Select(r => r.LeadHours == leadHours
            ? SelectorFor(data, leadIndex, r, reference).Selector
            : throw new ArgumentException($"A request for +{r.LeadHours} h among the requests of +{leadHours} h.", nameof(requests)))];
        (IReadOnlyList<float> U, IReadOnlyList<float> V)? wind = Wind(data, leadIndex);
        var results = new List<T>(requests.Count);
        using IDisposable scope = torch.NewDisposeScope();
        using Passes passes = PassesFor(data, leadIndex, reference);
        for (int start = 0; start < selectors.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RelevanceSelector[] batch = selectors[start..Math.Min(selectors.Length, start + batchSize)];
            Explanation explanation = Explain(passes, batch);
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

    /// <summary>
    /// The explanation of <paramref name="selectors"/> on lead <paramref name="leadIndex"/> relative to
    /// <paramref name="reference"/>, by <see cref="Method"/>.
    /// </summary>
    private Explanation Explain(CycleData data, int leadIndex, ReferenceState reference, IReadOnlyList<RelevanceSelector> selectors)
    {
        using Passes passes = PassesFor(data, leadIndex, reference);
        return Explain(passes, selectors);
    }

    private Explanation Explain(Passes passes, IReadOnlyList<RelevanceSelector> selectors)
    {
        if (Method == ExplanationMethod.Lrp)
        {
            return _explainer.Explain(passes.Input, passes.Reference, selectors);
        }

        using IDisposable scope = torch.NewDisposeScope();
        torch.Tensor x = passes.Input.Input, y = passes.Input.Output;
        torch.Tensor? yReference = passes.Reference?.Output;
        torch.Tensor baseline = passes.Reference?.Input ?? torch.zeros_like(x);
        int count = selectors.Count;
        torch.Tensor weights = torch.cat([.. selectors.Select(s => s.OutputWeights(y, yReference))], 0);
        torch.Tensor start = torch.cat([.. selectors.Select(s => s.InitialRelevance(y, yReference))], 0);
        torch.Tensor inputs = x.expand([count, .. x.shape[1..]]);
        torch.Tensor baselines = baseline.expand([count, .. x.shape[1..]]);
        // The gradient passes run on the selections' receptive field only, checked first against the kept whole-grid
        // pass. Occlusion keeps the whole grid: its patches tile the grid from its corner, and a window would move them.
        AttributionWindow? window = Method == ExplanationMethod.Occlusion ? null : AttributionWindow.For(_model.Spec, weights);
        window?.Verify(_model.Network, x, y, weights);
        torch.Tensor windowInputs = window?.Crop(inputs) ?? inputs, windowBaselines = window?.Crop(baselines) ?? baselines;
        torch.Tensor windowWeights = window?.Crop(weights) ?? weights;
        torch.Tensor windowed = Method switch
        {
            ExplanationMethod.IntegratedGradients => new IntegratedGradientsAttribution(IntegratedGradientSteps).Attribute(_model.Network, windowInputs, windowWeights, windowBaselines),
            ExplanationMethod.Occlusion => new OcclusionAttribution().Attribute(_model.Network, inputs, weights, baselines),
            ExplanationMethod.GradientTimesInput => new GradientAttribution().Attribute(_model.Network, windowInputs, windowWeights)
                .mul(windowInputs.add(windowBaselines.neg(), KeptScalars.One)),
            _ => throw new InvalidOperationException($"Unknown explanation method {Method}."),
        };
        torch.Tensor attribution = window?.Embed(windowed) ?? windowed;
        return Explanation.FromAttribution(selectors, y, attribution, start, passes.Reference is null ? null : yReference);
    }

    /// <summary>The kept forward passes of the input and of the reference state (none for <see cref="ReferenceKind.None"/>).</summary>
    private Passes PassesFor(CycleData data, int leadIndex, ReferenceState reference)
    {
        ForwardPass input = _explainer.Forward(_model.Inputs(data, leadIndex, 1));
        try
        {
            ForwardPass? referencePass = reference.Kind switch
            {
                ReferenceKind.None => null,
                ReferenceKind.TrainingMean => _explainer.Forward(torch.zeros_like(input.Input)),
                _ => _explainer.Forward(ReferenceInputs(reference)),
            };
            return new Passes(input, referencePass);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    private torch.Tensor ReferenceInputs(ReferenceState reference)
    {
        CycleData state = reference.Data ?? throw new ArgumentException($"The reference '{reference.Description}' holds no state.", nameof(reference));
        try
        {
            _model.CheckFits(state);
        }
        catch (InvalidModelSpecException ex)
        {
            throw new ArgumentException($"The reference state ({reference.Description}) does not fit the model: {ex.Message}", nameof(reference), ex);
        }

        return _model.Inputs(state, reference.LeadIndex, 1);
    }

    private (RelevanceSelector Selector, float[]? ComparisonField) SelectorFor(CycleData data, int leadIndex, RegionRequest request, ReferenceState reference)
    {
        GridSpec grid = data.Grid;
        if (request.Mask.Length != grid.CellCount)
        {
            throw new ArgumentException($"The region has {request.Mask.Length} cells, the grid {grid} has {grid.CellCount}.", nameof(request));
        }

        ModelSpec spec = _model.Spec;
        Standardisation targetScale = spec.Standardisation[spec.Target];
        float[]? weights = request.Unweighted ? null : RegionMask.AreaWeights(grid);
        string what = $"{(request.IsCell || request.Unweighted ? "" : "area mean of ")}{spec.Target} {request.Where} at +{request.LeadHours} h";
        string relativeTo = reference.Description;
        float[]? comparisonField = null;
        RelevanceSelector selector;
        switch (request.Quantity)
        {
            case ExplainedQuantity.Error:
                VariableId comparison = ComparisonOf(request);
                if (!data.Variables.Contains(comparison))
                {
                    throw new ArgumentException($"Explaining the deviation needs the cycle's {comparison}, which cycle {data.Cycle} lacks.", nameof(request));
                }

                comparisonField = data.Field(leadIndex, data.IndexOf(comparison)).ToArray();
                var standardised = new float[grid.CellCount];
                targetScale.Apply(comparisonField, grid.LongitudeCount, standardised);
                selector = RelevanceSelector.Error(request.Mask, standardised, $"deviation of {what}",
                    comparison.Name == spec.Target ? $"the forecast's own {comparison}" : $"the cycle's {comparison}", weights, relativeTo);
                break;
            case ExplainedQuantity.Normalised:
                selector = RelevanceSelector.NormalisedRegion(request.Mask, what, weights, relativeTo);
                break;
            default:
                selector = request.IsCell ? RelevanceSelector.Cell(request.Mask, what, relativeTo) : RelevanceSelector.Region(request.Mask, what, weights, relativeTo);
                break;
        }

        return (selector, comparisonField);
    }

    private VariableId ComparisonOf(RegionRequest request) => VariableId.Parse(request.Comparison ?? _model.Spec.Target, VariableCatalog.Default);

    /// <summary>The forward passes of one explained input and its reference state, disposed together.</summary>
    private sealed record Passes(ForwardPass Input, ForwardPass? Reference) : IDisposable
    {
        public void Dispose()
        {
            Input.Dispose();
            Reference?.Dispose();
        }
    }

    private static (IReadOnlyList<float> U, IReadOnlyList<float> V)? Wind(CycleData data, int lead) =>
        data.Variables.Contains(WindSpeed.U) && data.Variables.Contains(WindSpeed.V)
            ? (data.Field(lead, data.IndexOf(WindSpeed.U)).ToArray(), data.Field(lead, data.IndexOf(WindSpeed.V)).ToArray())
            : null;
}
