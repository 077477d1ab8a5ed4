using System.Globalization;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime.Kernels;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance;

/// <summary>
/// Checks that keep the relevance engine honest on every machine, cheap enough to stay on (once per network and
/// process, see <see cref="RelevanceExplainer"/>):
/// <list type="number">
/// <item>the adjoint identity ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ for every linear layer, single and grouped, on random x and y —
/// the rules' backward passes are these adjoints, and a wrong backward-data kernel breaks exactly this;</item>
/// <item>the graph's forward output equals the network's own (the graph is a hand-written mirror);</item>
/// <item>LRP-0 equals gradient × input (Montavon et al. 2019, sec. 10.2.1, for piecewise-linear networks), the LRP-0
/// relevance computed by the graph in float32 against the gradient of a float64 copy of the network, which libtorch
/// computes with its own kernels, independent of oneDNN.</item>
/// </list>
/// </summary>
internal static class RelevanceSelfCheck
{
    /// <summary>Largest accepted relative error of the adjoint identity (right kernels: below 1e-6).</summary>
    internal const double AdjointTolerance = 1e-4;

    /// <summary>Largest accepted max |graph − network| / max |network| of the forward output.</summary>
    internal const double ForwardTolerance = 1e-4;

    /// <summary>Largest accepted max |LRP-0 − gradient × input| / max |gradient × input| (float32 against float64).</summary>
    internal const double LrpZeroTolerance = 1e-3;

    /// <summary>Most rows of the LRP-0 check's window.</summary>
    internal const long CheckRows = 48;

    /// <summary>Most columns of the LRP-0 check's window.</summary>
    internal const long CheckColumns = 96;

    /// <summary>Check 1 for every linear layer of <paramref name="graph"/>.</summary>
    /// <exception cref="RelevanceSelfCheckException">A layer's adjoint is not its forward map's transpose.</exception>
    public static void Adjoints(RelevanceGraph graph)
    {
        using var generator = new Generator(7);
        foreach ((LayerInfo info, LinearLayer layer) in graph.LinearLayers)
        {
            using IDisposable scope = NewDisposeScope();
            Tensor x = randn(InputShape(layer), layer.Weight.dtype, generator: generator).to(layer.Weight.device);
            Tensor ax = layer.Apply(x, layer.Weight, null);
            Tensor y = randn(ax.shape, layer.Weight.dtype, generator: generator).to(layer.Weight.device);
            Tensor aty = layer.Transpose(y, layer.Weight, x.shape);
            Compare(info, "adjoint", ax, y, x, aty);
            if (layer.Kind is LinearLayerKind.Conv2d or LinearLayerKind.ConvTranspose2d)
            {
                // The γ and αβ rules run two adjoints as one grouped call: both halves must be the same transpose.
                Tensor both = layer.Transpose(cat([y, y], 1), cat([layer.Weight, layer.Weight], 0), x.shape, groups: 2);
                long channels = x.shape[1];
                Compare(info, "grouped adjoint (first group)", ax, y, x, both.narrow(1, 0, channels));
                Compare(info, "grouped adjoint (second group)", ax, y, x, both.narrow(1, channels, channels));
            }
        }
    }

    /// <summary>Check 2: the graph's output <paramref name="graphOutput"/> against <paramref name="network"/> on <paramref name="input"/>.</summary>
    /// <exception cref="RelevanceSelfCheckException">They differ.</exception>
    public static void Forward(nn.Module<Tensor, Tensor> network, Tensor input, Tensor graphOutput)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor expected;
        using (no_grad())
        {
            expected = network.call(input);
        }

        double error = KernelCheck.RelativeError(graphOutput, expected);
        if (!(error <= ForwardTolerance))
        {
            throw new RelevanceSelfCheckException(string.Create(CultureInfo.InvariantCulture,
                $"The relevance graph's forward output differs from the network's by {error:E2} (relative, tolerance {ForwardTolerance:E0}) on [{string.Join(", ", input.shape)}]."));
        }
    }

    /// <summary>
    /// Check 3 on <paramref name="input"/> <c>[1, C, H, W]</c>: LRP-0 of ŷ ⊙ m, m a block of cells at the grid's
    /// centre, through the graph, against x ⊙ ∂(Σ m ⊙ ŷ)/∂x of <paramref name="float64Network"/>.
    /// </summary>
    /// <exception cref="RelevanceSelfCheckException">They differ.</exception>
    public static void LrpZero(nn.Module<Tensor, Tensor> network, nn.Module<Tensor, Tensor> float64Network, Tensor input)
    {
        using IDisposable scope = NewDisposeScope();
        long rows = input.shape[2], columns = input.shape[3];
        Tensor mask = zeros([1, 1, rows, columns], device: input.device);
        long r0 = Math.Max(0, (rows / 2) - 1), c0 = Math.Max(0, (columns / 2) - 1);
        mask[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(r0, Math.Min(rows, r0 + 3)), TensorIndex.Slice(c0, Math.Min(columns, c0 + 3))] = tensor(1f);

        Tensor relevance;
        using (RelevanceGraph zeroGraph = RelevanceGraph.Build(network))
        {
            zeroGraph.Apply(NamedComposite.Uniform("zero"), new InputBounds([double.NegativeInfinity], [double.PositiveInfinity]));
            IReadOnlyList<Tensor> values = zeroGraph.Forward(input);
            relevance = zeroGraph.Backward(values, values[^1] * mask);
        }

        Tensor x64 = input.detach().to(float64).requires_grad_(true);
        Tensor objective = (float64Network.call(x64) * mask.to(float64)).sum();
        Tensor reference = x64.detach() * autograd.grad([objective], [x64])[0];
        double error = KernelCheck.RelativeError(relevance, reference);
        if (!(error <= LrpZeroTolerance))
        {
            throw new RelevanceSelfCheckException(string.Create(CultureInfo.InvariantCulture,
                $"LRP-0 through the relevance graph differs from gradient × input of the float64 network by {error:E2} " +
                $"(relative, tolerance {LrpZeroTolerance:E0}): a convolution kernel or the graph is wrong; see `v2vmonitor doctor`."));
        }
    }

    /// <summary>
    /// The part of <paramref name="input"/> <c>[1, C, H, W]</c> the LRP-0 check runs on: its centre, at most
    /// <see cref="CheckRows"/> × <see cref="CheckColumns"/> cells (multiples of 16, so every U-Net depth used here still
    /// halves evenly). The transfer networks are fully convolutional, and the identity holds for any input; on W2 a
    /// whole-grid float64 pass would raise the process's memory high-water mark by about a gigabyte.
    /// </summary>
    public static Tensor CheckWindow(Tensor input)
    {
        long rows = input.shape[2], columns = input.shape[3];
        long r = rows > CheckRows ? CheckRows : rows, c = columns > CheckColumns ? CheckColumns : columns;
        long top = (rows - r) / 2 / 16 * 16, left = (columns - c) / 2 / 16 * 16;
        return input.narrow(2, top, r).narrow(3, left, c);
    }

    /// <summary>A small input for a layer: 8×8 outputs for (transposed) convolutions, the layer's own size otherwise.</summary>
    private static long[] InputShape(LinearLayer layer) => layer.Kind switch
    {
        LinearLayerKind.Conv2d => [1, layer.Weight.shape[1], (7 * layer.Stride) + layer.Weight.shape[2], (7 * layer.Stride) + layer.Weight.shape[3]],
        LinearLayerKind.ConvTranspose2d => [1, layer.Weight.shape[0], 8, 8],
        LinearLayerKind.Linear => [1, layer.Weight.shape[1]],
        _ => [1, .. layer.Weight.shape[1..]],
    };

    private static void Compare(LayerInfo info, string what, Tensor ax, Tensor y, Tensor x, Tensor aty)
    {
        double left = (ax.to(float64) * y.to(float64)).sum().item<double>();
        double right = (x.to(float64) * aty.to(float64)).sum().item<double>();
        double scale = (Norm(ax) * Norm(y)) + (Norm(x) * Norm(aty));
        double error = Math.Abs(left - right) / Math.Max(scale, double.Epsilon);
        if (!(error <= AdjointTolerance))
        {
            throw new RelevanceSelfCheckException(string.Create(CultureInfo.InvariantCulture,
                $"Layer '{info.Name}' ({info.Kind}): the {what} is not the transpose of its forward map: ⟨Ax, y⟩ = {left:G6}, " +
                $"⟨x, Aᵀy⟩ = {right:G6}, relative error {error:E2} (tolerance {AdjointTolerance:E0}). A convolution kernel is wrong on this machine; see `v2vmonitor doctor`."));
        }
    }

    private static double Norm(Tensor t) => t.to(float64).norm().item<double>();
}
