using Monitor.Core.Relevance.Rules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>A linear layer (BatchNorm folded in) whose relevance is redistributed by the rule its composite chose.</summary>
internal sealed class LinearStep : GraphStep
{
    public LinearStep(int input, int output, LayerInfo info, LinearLayer layer)
        : base([input], output)
    {
        Info = info;
        Layer = layer;
        Unbiased = layer.Bias is null ? layer : new LinearLayer(layer.Kind, layer.Weight, null, layer.Stride);
    }

    /// <summary>Name, kind and position for the composite.</summary>
    public LayerInfo Info { get; set; }

    /// <summary>The layer with BatchNorm folded in.</summary>
    public LinearLayer Layer { get; }

    /// <summary>The layer without its bias (sharing the weight): the map from differences Δa to Δz = W·Δa.</summary>
    public LinearLayer Unbiased { get; }

    /// <summary>The rule; set by the graph from its composite.</summary>
    public LrpRule? Rule { get; set; }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Layer.Apply(inputs[0], Layer.Weight, Layer.Bias);

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
        => Backward(inputs, output, relevance, Layer);

    /// <summary>
    /// The rule on <paramref name="layer"/>: <see cref="Layer"/> on the kept values, or <see cref="Unbiased"/> on the
    /// differences between two passes (reference-point LRP).
    /// </summary>
    public IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance, LinearLayer layer)
    {
        LrpRule rule = Rule ?? throw new InvalidOperationException($"No rule was chosen for layer '{Info.Name}'.");
        (Windows from, Windows to) = WindowsFor(relevance.Windows, inputs[0], output);
        return [new WindowedRelevance(rule.Propagate(layer, from.Of(inputs[0]), relevance.Over(to), to.Of(output)), from)];
    }

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows) => [WindowsFor(windows, inputs[0], output).Input];

    /// <summary>
    /// The windows of the input that feed the outputs in <paramref name="outputWindows"/>, and the windows of outputs
    /// those input windows compute in full (containing <paramref name="outputWindows"/>; the rule runs on these two).
    /// Convolutions have no padding (<see cref="PaddingStep"/> pads before them); the per-cell map needs its whole grid.
    /// </summary>
    internal (Windows Input, Windows Output) WindowsFor(Windows outputWindows, Tensor input, Tensor output)
    {
        long stride = Layer.Stride, kernelRows = Layer.Weight.shape[^2], kernelColumns = Layer.Weight.shape[^1];
        IEnumerable<int> selections = Enumerable.Range(0, outputWindows.Count);
        switch (Layer.Kind)
        {
            case LinearLayerKind.Conv2d:
            {
                // Output o reads inputs stride·o … stride·o + kernel − 1: windows of one size map to windows of one size.
                Windows from = Windows.At(
                    (stride * (outputWindows.Rows - 1)) + kernelRows,
                    (stride * (outputWindows.Columns - 1)) + kernelColumns,
                    [.. selections.Select(k => (stride * outputWindows[k].Top, stride * outputWindows[k].Left))]);
                return (from, outputWindows);
            }

            case LinearLayerKind.ConvTranspose2d when kernelRows < stride || kernelColumns < stride:
                throw new NotSupportedException($"Layer '{Info.Name}': windows need a transposed convolution's kernel to cover its stride.");
            case LinearLayerKind.ConvTranspose2d:
            {
                // Output o receives input i when stride·i ≤ o < stride·i + kernel; the inputs' windows may differ in
                // size with the outputs' alignment, so they are enclosed in one size and produce outputs of one size.
                var sources = selections.Select(k =>
                {
                    Window w = outputWindows[k];
                    (long top, long bottom) = Sources(w.Top, w.Rows, kernelRows, stride, input.shape[2]);
                    (long left, long right) = Sources(w.Left, w.Columns, kernelColumns, stride, input.shape[3]);
                    return new Window(top, left, bottom - top, right - left);
                }).ToList();
                Windows from = Windows.Enclosing(sources, input.shape[2], input.shape[3]);
                Windows to = Windows.At(
                    (stride * (from.Rows - 1)) + kernelRows,
                    (stride * (from.Columns - 1)) + kernelColumns,
                    [.. selections.Select(k => (stride * from[k].Top, stride * from[k].Left))]);
                return (from, to);
            }

            case LinearLayerKind.PerCell:
                return (Windows.Whole(input, outputWindows.Count), Windows.Whole(output, outputWindows.Count));
            default:
                throw new NotSupportedException($"Layer '{Info.Name}': a {Layer.Kind} layer has no grid to follow windows on.");
        }
    }

    /// <summary>Input indices [first, end) of a transposed convolution feeding outputs [start, start + length).</summary>
    private static (long First, long End) Sources(long start, long length, long kernel, long stride, long inputLength)
    {
        long first = start < kernel - 1 ? 0 : (start - kernel + 1 + stride - 1) / stride;
        long end = Math.Min(inputLength, ((start + length - 1) / stride) + 1);
        return (first, end);
    }
}
