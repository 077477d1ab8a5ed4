using Monitor.Core.Relevance.Canonizers;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Relevance.Architectures;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// A transfer network rewritten for Layer-wise Relevance Propagation: its operations in forward order over numbered
/// value slots (slot 0 is the input), with every BatchNorm folded into the preceding (transposed) convolution
/// (<see cref="BatchNormCanonizer"/>: new tensors, the network is never modified). The forward pass keeps every value;
/// the backward pass walks the steps in reverse, hands each step the relevance of its output, and adds what it
/// returns onto the slots it read — so a value read twice (a U-Net skip, a residual input) collects relevance from
/// both readers. Which networks it knows is up to <see cref="TransferNetworks"/>.
/// </summary>
public sealed class RelevanceGraph : IDisposable
{
    /// <summary>
    /// Selections whose backward passes differ in cost by more than this factor run in separate batches (see
    /// <see cref="Backward"/>).
    /// </summary>
    private const double BatchSpread = 2;

    private readonly List<GraphStep> _steps = [];
    private readonly List<Tensor> _owned = [];
    private int _slots = 1;

    private RelevanceGraph()
    {
    }

    /// <summary>The linear layers in forward order.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; private set; } = [];

    /// <summary>The rule of each layer in <see cref="Layers"/>, once <see cref="Apply"/> was called.</summary>
    public IReadOnlyList<LrpRule> Rules => LinearSteps.Select(s => s.Rule!).ToList();

    /// <summary>Every linear layer (BatchNorm folded in) with its name and position, in forward order.</summary>
    internal IEnumerable<(LayerInfo Info, LinearLayer Layer)> LinearLayers => LinearSteps.Select(s => (s.Info, s.Layer));

    private IEnumerable<LinearStep> LinearSteps => _steps.OfType<LinearStep>();

    /// <summary>
    /// Rewrites <paramref name="network"/>, which must be in eval mode (BatchNorm uses its running statistics).
    /// </summary>
    /// <exception cref="ArgumentException">The network is not one of the transfer architectures.</exception>
    /// <exception cref="InvalidOperationException">The network is in training mode.</exception>
    public static RelevanceGraph Build(nn.Module<Tensor, Tensor> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new RelevanceGraph();
        try
        {
            using (no_grad())
            {
                TransferNetworks.AddTo(graph, network);
            }

            List<LinearStep> linear = graph.LinearSteps.ToList();
            foreach (LinearStep step in linear)
            {
                step.Info = step.Info with { Count = linear.Count };
            }

            graph.Layers = linear.Select(s => s.Info).ToList();
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>Chooses every layer's rule with <paramref name="composite"/>.</summary>
    public void Apply(Composite composite, InputBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(bounds);
        foreach (LinearStep step in LinearSteps)
        {
            step.Rule = composite.RuleFor(step.Info, bounds);
        }
    }

    /// <summary>
    /// Runs the network on <paramref name="input"/> <c>[B, C, H, W]</c> and keeps every value; the last is the output
    /// <c>[B, 1, H, W]</c>. The values belong to the caller's dispose scope.
    /// </summary>
    public IReadOnlyList<Tensor> Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using IDisposable noGrad = no_grad();
        var values = new Tensor[_slots];
        values[0] = input.detach();
        foreach (GraphStep step in _steps)
        {
            values[step.Output] = step.Forward(step.Inputs.Select(i => values[i]).ToList());
        }

        return values;
    }

    /// <summary>
    /// Propagates <paramref name="relevance"/> <c>[K, 1, H, W]</c> on the output back to the input, given the values of
    /// a <see cref="Forward"/> pass with batch K, or batch 1 to explain K selections of one input at once. Returns the
    /// input relevance <c>[K, C, H, W]</c> in the caller's dispose scope. Each step works only on the
    /// <see cref="Window"/> its relevance can reach from the selection's support, so a small region costs a fraction
    /// of the whole grid's backward pass in the layers near the output.
    /// </summary>
    /// <param name="values">The kept values of a forward pass, or with <paramref name="differences"/> the differences
    /// between the values of two passes (of x and of a reference x_ref).</param>
    /// <param name="relevance">The starting relevance on the output.</param>
    /// <param name="differences">Reference-point LRP: the rules run on the differences Δa of every value with the
    /// layers' biases dropped (they cancel in Δz = W·Δa), so relevance conserves ŷ(x) − ŷ(x_ref) up to the
    /// stabilisers; with LRP-0 in every layer this is DeepLIFT's rescale rule (Shrikumar et al., ICML 2017).</param>
    public Tensor Backward(IReadOnlyList<Tensor> values, Tensor relevance, bool differences = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(relevance);
        if (values.Count != _slots)
        {
            throw new ArgumentException($"Expected the {_slots} values of a forward pass, got {values.Count}.", nameof(values));
        }

        if (values[0].shape[0] != 1 && values[0].shape[0] != relevance.shape[0])
        {
            throw new ArgumentException(
                $"Relevance has batch {relevance.shape[0]} but the forward pass had batch {values[0].shape[0]} (must be equal, or 1).",
                nameof(relevance));
        }

        using IDisposable scope = NewDisposeScope();
        int count = (int)relevance.shape[0];
        relevance = relevance.detach().to(values[0].dtype);
        Window?[] supports = Window.Supports(relevance);
        List<int[]> batches = Batches(values, supports);
        if (batches.Count == 1 && batches[0].Length == count)
        {
            return Propagate(values, relevance, [.. supports.Select(w => w!.Value)], differences).MoveToOuterDisposeScope();
        }

        // Several batches, or selections without relevance (which stay zero).
        Tensor result = zeros([count, .. values[0].shape[1..]], values[0].dtype, values[0].device);
        foreach (int[] batch in batches)
        {
            Tensor members = tensor(batch.Select(k => (long)k).ToArray(), device: relevance.device);
            IReadOnlyList<Tensor> batchValues = values[0].shape[0] == 1 ? values : [.. values.Select(v => v.index_select(0, members))];
            result.index_copy_(0, members, Propagate(batchValues, relevance.index_select(0, members), [.. batch.Select(k => supports[k]!.Value)], differences));
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The selections with relevance (indices into <paramref name="supports"/>), in batches whose backward passes run
    /// together: each selection's windows are followed through the graph alone, and selections whose passes cost
    /// within a factor of <see cref="BatchSpread"/> of each other share a batch (its windows take the largest size, so
    /// one selection whose relevance crosses the date line — whole rows on a global grid — would otherwise widen all
    /// the others).
    /// </summary>
    internal List<int[]> Batches(IReadOnlyList<Tensor> values, Window?[] supports)
    {
        int[] active = [.. Enumerable.Range(0, supports.Length).Where(k => supports[k] is not null)];
        if (active.Length <= 1)
        {
            return active.Length == 0 ? [] : [active];
        }

        var cost = active.ToDictionary(k => k, k => Cost(values, supports[k]!.Value));
        var batches = new List<int[]>();
        var batch = new List<int>();
        double largest = 0;
        foreach (int k in active.OrderByDescending(k => cost[k]).ThenBy(k => k))
        {
            if (batch.Count > 0 && cost[k] * BatchSpread < largest)
            {
                batches.Add([.. batch.Order()]);
                batch.Clear();
            }

            largest = batch.Count == 0 ? cost[k] : largest;
            batch.Add(k);
        }

        batches.Add([.. batch.Order()]);
        return batches;
    }

    /// <summary>
    /// The work of a backward pass for one selection whose relevance starts over <paramref name="support"/>: per linear
    /// layer, the cells of its output window times its weights (the multiply-adds of one convolution there, up to
    /// the stride² of a transposed one), with the windows followed as in the pass itself.
    /// </summary>
    private double Cost(IReadOnlyList<Tensor> values, Window support)
    {
        double cost = 0;
        Walk(
            values,
            Windows.At(support.Rows, support.Columns, [(support.Top, support.Left)]),
            (step, inputs, output, windows) =>
            {
                if (step is LinearStep linear)
                {
                    cost += (double)windows.Rows * windows.Columns * linear.Layer.Weight.numel();
                }

                return step.Reach(inputs, output, windows);
            },
            (existing, added, value) => existing.Merge(added, value));
        return cost;
    }

    /// <summary>The backward pass for selections (batch K) whose non-zeros lie in <paramref name="supports"/>.</summary>
    private Tensor Propagate(IReadOnlyList<Tensor> values, Tensor relevance, IReadOnlyList<Window> supports, bool differences)
    {
        Windows start = Windows.Enclosing(supports, relevance.shape[2], relevance.shape[3]);
        WindowedRelevance? input = Walk(
            values,
            new WindowedRelevance(start.Of(relevance), start),
            (step, inputs, output, upper) => (differences, step) switch
            {
                (true, LinearStep linear) => linear.Backward(inputs, output, upper, linear.Unbiased),
                (true, SumStep) => SumStep.Backward(inputs, output, upper, epsilon: 0),
                _ => step.Backward(inputs, output, upper),
            },
            (existing, added, value) => existing.Add(added, value));
        int count = (int)relevance.shape[0];
        return input is not null
            ? input.Over(Windows.Whole(values[0], count))
            : zeros([count, .. values[0].shape[1..]], values[0].dtype, values[0].device);
    }

    /// <summary>
    /// Walks the steps in reverse from <paramref name="start"/> on the output: hands each step what reached its output,
    /// and merges what it returns into the slots it read (a value read twice collects both). Returns what reaches the
    /// input, or null.
    /// </summary>
    private T? Walk<T>(IReadOnlyList<Tensor> values, T start, Func<GraphStep, IReadOnlyList<Tensor>, Tensor, T, IReadOnlyList<T>> step, Func<T, T, Tensor, T> merge)
        where T : class
    {
        var slots = new T?[_slots];
        slots[_slots - 1] = start;
        for (int s = _steps.Count - 1; s >= 0; s--)
        {
            GraphStep current = _steps[s];
            if (slots[current.Output] is not { } upper)
            {
                continue;
            }

            IReadOnlyList<T> lower = step(current, [.. current.Inputs.Select(i => values[i])], values[current.Output], upper);
            for (int i = 0; i < lower.Count; i++)
            {
                int slot = current.Inputs[i];
                slots[slot] = slots[slot] is { } existing ? merge(existing, lower[i], values[slot]) : lower[i];
            }

            slots[current.Output] = null;
        }

        return slots[0];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor t in _owned)
        {
            t.Dispose();
        }

        _owned.Clear();
    }

    /// <summary>The slot the next step writes (steps are added in forward order, one new slot each).</summary>
    internal int NextSlot => _slots;

    /// <summary>Adds a linear layer reading slot <paramref name="x"/>; <paramref name="owned"/> layers' tensors are disposed with the graph.</summary>
    internal int AddLinear(string name, LinearLayer layer, int x, bool owned)
    {
        if (owned)
        {
            _owned.Add(layer.Weight);
            if (layer.Bias is not null)
            {
                _owned.Add(layer.Bias);
            }
        }

        var info = new LayerInfo(name, layer.Kind, LinearSteps.Count(), Count: 0);
        return Add(new LinearStep(x, _slots, info, layer));
    }

    /// <summary>Adds a step; returns its output slot.</summary>
    internal int Add(GraphStep step)
    {
        _steps.Add(step);
        _slots++;
        return step.Output;
    }
}
