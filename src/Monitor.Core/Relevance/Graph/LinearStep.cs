using Monitor.Core.Relevance.Rules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>A linear layer (BatchNorm folded in) whose relevance is redistributed by the rule its composite chose.</summary>
internal sealed class LinearStep : GraphStep
{
    /// <summary>The fixed part of <see cref="Cost"/>, in multiply-adds.</summary>
    private const double FixedCost = 2.5e7;

    public LinearStep(int input, int output, LayerInfo info, LinearLayer layer)
        : base([input], output)
    {
        Info = info;
        Layer = layer;
    }

    /// <summary>Name, kind and position for the composite.</summary>
    public LayerInfo Info { get; set; }

    /// <summary>The layer with BatchNorm folded in.</summary>
    public LinearLayer Layer { get; }

    /// <summary>The rule; set by the graph from its composite.</summary>
    public LrpRule? Rule { get; set; }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Layer.Apply(inputs[0], Layer.Weight, Layer.Bias);

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
    {
        LrpRule rule = Rule ?? throw new InvalidOperationException($"No rule was chosen for layer '{Info.Name}'.");
        (Window from, Window to) = Windows(relevance.Window, inputs[0], output);
        return [new WindowedRelevance(rule.Propagate(Layer, from.Of(inputs[0]), relevance.Over(to), to.Of(output)), from)];
    }

    public override IReadOnlyList<Window> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Window window) => [Windows(window, inputs[0], output).Input];

    /// <summary>
    /// A fixed cost per layer and selection pass — creating tensors and calling libtorch for the rule's dozen operations,
    /// about 0.5 ms per layer for a small window with the default composite on the 2-core reference machine, the time of
    /// <see cref="FixedCost"/> multiply-adds in libtorch's convolutions there (about 6·10¹⁰ per second) — plus the
    /// multiply-adds of one convolution over the layer's window per selection (the rule's extra convolutions scale
    /// both ways alike).
    /// </summary>
    public override double Cost(IReadOnlyList<Tensor> inputs, Tensor output, Window window, long batch)
    {
        (Window from, Window to) = Windows(window, inputs[0], output);
        long cells = Layer.Kind == LinearLayerKind.ConvTranspose2d ? from.Area : to.Area;
        return FixedCost + (batch * cells * Layer.Weight.numel());
    }

    /// <summary>
    /// The window of the input that feeds the outputs in <paramref name="outputWindow"/>, and the window of outputs that
    /// input window computes in full (it contains <paramref name="outputWindow"/>; the rule runs on these two).
    /// Convolutions have no padding (<see cref="PaddingStep"/> pads before them); the per-cell map needs its whole grid.
    /// </summary>
    internal (Window Input, Window Output) Windows(Window outputWindow, Tensor input, Tensor output)
    {
        long stride = Layer.Stride, kernelRows = Layer.Weight.shape[^2], kernelColumns = Layer.Weight.shape[^1];
        switch (Layer.Kind)
        {
            case LinearLayerKind.Conv2d:
            {
                var from = new Window(
                    stride * outputWindow.Top,
                    stride * outputWindow.Left,
                    (stride * (outputWindow.Rows - 1)) + kernelRows,
                    (stride * (outputWindow.Columns - 1)) + kernelColumns);
                return (from, outputWindow);
            }

            case LinearLayerKind.ConvTranspose2d:
            {
                // Output o receives input i when stride·i ≤ o < stride·i + kernel.
                (long top, long bottom) = Sources(outputWindow.Top, outputWindow.Rows, kernelRows, stride, input.shape[2]);
                (long left, long right) = Sources(outputWindow.Left, outputWindow.Columns, kernelColumns, stride, input.shape[3]);
                var from = new Window(top, left, bottom - top, right - left);
                var to = new Window(
                    stride * top,
                    stride * left,
                    (stride * (bottom - top - 1)) + kernelRows,
                    (stride * (right - left - 1)) + kernelColumns);
                return (from, to);
            }

            default:
                return (Window.Whole(input), Window.Whole(output));
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
