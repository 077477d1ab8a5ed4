using System.Runtime.CompilerServices;
using Monitor.Core.Grids;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance;

/// <summary>
/// Explains a transfer network with Layer-wise Relevance Propagation (Bach et al. 2015; Montavon et al. 2019): one
/// forward pass keeps every value, then one backward pass redistributes the selected output relevance to the inputs
/// with the composite's rule per layer, on the windows of each value that the selection's relevance can reach. K
/// selections of the same input share the forward pass and run batched (see <see cref="RelevanceGraph.Backward"/>).
/// Never modifies the network (BatchNorm is folded into copies).
/// </summary>
public sealed class RelevanceExplainer : IDisposable
{
    /// <summary>Networks whose layers passed the adjoint check in this process.</summary>
    private static readonly ConditionalWeakTable<nn.Module<Tensor, Tensor>, object> s_adjointsChecked = [];

    /// <summary>Networks whose graph passed the forward and LRP-0 checks in this process.</summary>
    private static readonly ConditionalWeakTable<nn.Module<Tensor, Tensor>, object> s_outputsChecked = [];

    private readonly RelevanceGraph _graph;
    private readonly InputBounds? _bounds;
    private readonly bool _usesBox;
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Func<nn.Module<Tensor, Tensor>>? _float64Copy;

    private RelevanceExplainer(nn.Module<Tensor, Tensor> network, Composite composite, InputBounds? bounds, Func<nn.Module<Tensor, Tensor>>? float64Copy)
    {
        _network = network;
        _float64Copy = float64Copy;
        _graph = RelevanceGraph.Build(network);
        try
        {
            lock (s_adjointsChecked)
            {
                if (!s_adjointsChecked.TryGetValue(network, out _))
                {
                    RelevanceSelfCheck.Adjoints(_graph);
                    s_adjointsChecked.Add(network, s_adjointsChecked);
                }
            }
        }
        catch
        {
            _graph.Dispose();
            throw;
        }

        _bounds = bounds;
        Composite = composite;
        _graph.Apply(composite, bounds ?? Unbounded);
        _usesBox = _graph.Rules.OfType<BoxRule>().Any();
    }

    /// <summary>The composite choosing each layer's rule.</summary>
    public Composite Composite { get; }

    /// <summary>
    /// Where z^B's input bounds come from: "model" (the training sample's extremes recorded in model.json), "input"
    /// (each explained input's own per-channel minimum and maximum, for models trained before the extremes were
    /// recorded), or "unused" when no layer uses z^B.
    /// </summary>
    public string BoundsSource => !_usesBox ? "unused" : _bounds is null ? "input" : "model";

    /// <summary>The linear layers and the rule each uses.</summary>
    public IReadOnlyList<(LayerInfo Layer, LrpRule Rule)> LayerRules => _graph.Layers.Zip(_graph.Rules).ToList();

    private static InputBounds Unbounded { get; } = new([double.NegativeInfinity], [double.PositiveInfinity]);

    /// <summary>An explainer for <paramref name="model"/>, with z^B bounds from its standardisation where recorded.</summary>
    public static RelevanceExplainer For(TransferModel model, Composite composite)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(composite);
        model.Network.eval();
        var ranges = model.Spec.Inputs.Select(i => model.Spec.Standardisation[i].StandardisedRange()).ToList();
        InputBounds? bounds = ranges.All(r => r is not null)
            ? new InputBounds(ranges.Select(r => r!.Value.Low).ToList(), ranges.Select(r => r!.Value.High).ToList())
            : null;
        return new RelevanceExplainer(model.Network, composite, bounds, model.Float64Copy);
    }

    /// <summary>
    /// An explainer for a network in eval mode; null <paramref name="bounds"/> takes each input's own range. Without a
    /// way to copy the network to float64 it runs the adjoint and forward self-checks but not the LRP-0 one; pass
    /// <paramref name="float64Copy"/> (a new float64 copy in eval mode, disposed after use) for all three.
    /// </summary>
    public static RelevanceExplainer For(nn.Module<Tensor, Tensor> network, Composite composite, InputBounds? bounds, Func<nn.Module<Tensor, Tensor>>? float64Copy = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(composite);
        return new RelevanceExplainer(network, composite, bounds, float64Copy);
    }

    /// <summary>
    /// Input relevance <c>[K, C, H, W]</c> for starting relevance <paramref name="outputRelevance"/> <c>[K, 1, H, W]</c>
    /// on the output of <paramref name="input"/> (batch K, or 1 for K selections of one input). In the caller's dispose scope.
    /// </summary>
    public Tensor Propagate(Tensor input, Tensor outputRelevance)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputRelevance);
        using IDisposable scope = NewDisposeScope();
        ApplyInputBounds(input);
        IReadOnlyList<Tensor> values = _graph.Forward(input);
        CheckOutputsOnce(input, values[^1]);
        return _graph.Backward(values, outputRelevance).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs the network on <paramref name="input"/> <c>[1, C, H, W]</c> and keeps every value, for a prediction and any
    /// number of <see cref="Explain(ForwardPass, IReadOnlyList{RelevanceSelector})"/> calls. The caller disposes it.
    /// </summary>
    public ForwardPass Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[0] != 1)
        {
            throw new ArgumentException($"Explanations take one input [1, C, H, W]; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using IDisposable scope = NewDisposeScope();
        IReadOnlyList<Tensor> values = _graph.Forward(input);
        CheckOutputsOnce(input, values[^1]);
        return new ForwardPass(this, [.. values.Select(v => v.DetachFromDisposeScope())]);
    }

    /// <summary>Explains <paramref name="selectors"/> on <paramref name="input"/> <c>[1, C, H, W]</c>: one forward pass for all.</summary>
    public Explanation Explain(Tensor input, IReadOnlyList<RelevanceSelector> selectors)
    {
        CheckSelectors(selectors);
        using ForwardPass pass = Forward(input);
        return Explain(pass, selectors);
    }

    /// <summary>
    /// Explains <paramref name="selectors"/> on the input of <paramref name="pass"/> (a forward pass of this explainer),
    /// the selections batched: relevance of the prediction itself, the biases absorbing what the inputs do not carry.
    /// </summary>
    public Explanation Explain(ForwardPass pass, IReadOnlyList<RelevanceSelector> selectors) => Explain(pass, null, selectors);

    /// <summary>
    /// Explains <paramref name="selectors"/> on the input x of <paramref name="pass"/> relative to the input x_ref of
    /// <paramref name="reference"/> (both forward passes of this explainer; null: no reference): reference-point LRP,
    /// the composite's rules applied to the difference of every kept value between the two passes with the biases
    /// dropped, so that the input relevance conserves the selection of ŷ(x) − ŷ(x_ref) up to the rules' stabilisers.
    /// With LRP-0 in every layer this is DeepLIFT's rescale rule (Shrikumar, Greenside, Kundaje, "Learning important
    /// features through propagating activation differences", ICML 2017), LRP's reference generalisation (Ancona et al.,
    /// ICLR 2018, for the correspondence).
    /// </summary>
    /// <exception cref="ArgumentException">A pass belongs to another explainer, the passes' shapes differ, or the
    /// composite uses z^B, whose bounds bound an input and not its difference from a reference.</exception>
    public Explanation Explain(ForwardPass pass, ForwardPass? reference, IReadOnlyList<RelevanceSelector> selectors)
    {
        ArgumentNullException.ThrowIfNull(pass);
        CheckSelectors(selectors);
        CheckOwn(pass, nameof(pass));
        if (reference is not null)
        {
            CheckOwn(reference, nameof(reference));
            if (!reference.Input.shape.SequenceEqual(pass.Input.shape))
            {
                throw new ArgumentException(
                    $"The reference input [{string.Join(", ", reference.Input.shape)}] must have the input's shape [{string.Join(", ", pass.Input.shape)}].",
                    nameof(reference));
            }

            if (_usesBox)
            {
                throw new ArgumentException(
                    $"Composite '{Composite.Name}' uses z^B, whose bounds bound an input, not its difference from a reference state; "
                    + "explain relative to a reference with a composite without z^B (e.g. layer-depth-signed), or without a reference.",
                    nameof(reference));
            }
        }

        using IDisposable scope = NewDisposeScope();
        Tensor input = pass.Input, output = pass.Output;
        Tensor start = cat(selectors.Select(s => s.InitialRelevance(output, reference?.Output)).ToList(), 0);
        Tensor relevance;
        if (reference is null)
        {
            ApplyInputBounds(input);
            relevance = _graph.Backward(pass.Values, start);
        }
        else
        {
            List<Tensor> differences = [.. pass.Values.Zip(reference.Values, (a, b) => a.add(b.neg(), KeptScalars.One))];
            relevance = _graph.Backward(differences, start, differences: true);
        }

        int channels = (int)input.shape[1], cells = (int)(input.shape[2] * input.shape[3]);
        double[] totals = start.sum([1L, 2L, 3L]).to(float64).OnHost().data<double>().ToArray();
        return new Explanation(
            selectors,
            channels,
            cells,
            output.to(float32).OnHost().data<float>().ToArray(),
            relevance.to(float32).OnHost().data<float>().ToArray(),
            totals,
            reference?.Output.to(float32).OnHost().data<float>().ToArray());
    }

    /// <summary>Explains <paramref name="selectors"/> on lead <paramref name="leadIndex"/> of a cycle.</summary>
    public Explanation Explain(TransferModel model, CycleData data, int leadIndex, IReadOnlyList<RelevanceSelector> selectors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        model.CheckFits(data);
        ArgumentOutOfRangeException.ThrowIfNegative(leadIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leadIndex, data.LeadHours.Count);
        using IDisposable scope = NewDisposeScope();
        return Explain(model.Inputs(data, leadIndex, 1), selectors);
    }

    /// <inheritdoc />
    public void Dispose() => _graph.Dispose();

    private void CheckOwn(ForwardPass pass, string name)
    {
        if (!ReferenceEquals(pass.Explainer, this))
        {
            throw new ArgumentException("The forward pass belongs to another explainer.", name);
        }
    }

    private static void CheckSelectors(IReadOnlyList<RelevanceSelector> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (selectors.Count == 0)
        {
            throw new ArgumentException("Nothing to explain: no selector.", nameof(selectors));
        }
    }

    /// <summary>
    /// The first time this process explains with the network: the graph's output against the network's, and LRP-0
    /// against float64 gradient × input (see <see cref="RelevanceSelfCheck"/>).
    /// </summary>
    private void CheckOutputsOnce(Tensor input, Tensor graphOutput)
    {
        lock (s_outputsChecked)
        {
            if (s_outputsChecked.TryGetValue(_network, out _))
            {
                return;
            }

            using IDisposable scope = NewDisposeScope();
            RelevanceSelfCheck.Forward(_network, input, graphOutput);
            if (_float64Copy is not null)
            {
                using nn.Module<Tensor, Tensor> copy = _float64Copy();
                RelevanceSelfCheck.LrpZero(_network, copy, RelevanceSelfCheck.CheckWindow(input.narrow(0, 0, 1)));
            }

            s_outputsChecked.Add(_network, s_outputsChecked);
        }
    }

    /// <summary>Without recorded bounds, z^B takes the explained input's own per-channel range (nothing to do without z^B).</summary>
    private void ApplyInputBounds(Tensor input)
    {
        if (_bounds is not null || !_usesBox)
        {
            return;
        }

        using IDisposable scope = NewDisposeScope();
        Tensor perChannel = input.detach().to(float64).transpose(0, 1).reshape(input.shape[1], -1);
        double[] low = perChannel.amin([1L]).OnHost().data<double>().ToArray();
        double[] high = perChannel.amax([1L]).OnHost().data<double>().ToArray();
        _graph.Apply(Composite, new InputBounds(low, high));
    }
}
