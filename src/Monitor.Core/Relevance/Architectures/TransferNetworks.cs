using Monitor.Core.Relevance.Canonizers;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Transfer.Modules;
using TorchSharp.Modules;
using BatchNorm = Monitor.Core.Transfer.Modules.BatchNorm;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Architectures;

/// <summary>
/// The only part of the relevance engine that knows the transfer networks' modules (as Zennit keeps torchvision's
/// knowledge in one place): how a <see cref="UNet"/>, a <see cref="ResNet"/> and a <see cref="PerCellLinear"/> become
/// relevance-graph steps — geographic padding, convolutions with their BatchNorm folded in
/// (<see cref="BatchNormCanonizer"/>), activations, skip concatenations, residual sums, and the U-Net's padding of the
/// grid to multiples of 2^depth and crop back.
/// </summary>
internal static class TransferNetworks
{
    /// <summary>Adds the steps of <paramref name="network"/> to an empty <paramref name="graph"/>.</summary>
    /// <exception cref="ArgumentException">The network is not one of the transfer architectures.</exception>
    /// <exception cref="InvalidOperationException">A BatchNorm is in training mode.</exception>
    public static void AddTo(RelevanceGraph graph, nn.Module<Tensor, Tensor> network)
    {
        switch (network)
        {
            case UNet unet:
                AddUNet(graph, unet);
                break;
            case ResNet resnet:
                AddResNet(graph, resnet);
                break;
            case PerCellLinear perCell:
                graph.AddLinear("linear", new LinearLayer(LinearLayerKind.PerCell, perCell.Weight, perCell.Bias), 0, owned: false);
                break;
            default:
                throw new ArgumentException($"No relevance graph for a {network.GetType().Name}; known: UNet, ResNet, PerCellLinear.", nameof(network));
        }
    }

    /// <summary>
    /// Folds <paramref name="norm"/> (eval mode) into <paramref name="convolution"/> (no padding, dilation 1, one group,
    /// equal strides — our networks pad explicitly with <c>GeoPad</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="norm"/> is in training mode.</exception>
    /// <exception cref="ArgumentException">The convolution is not one a <see cref="LinearLayer"/> describes, or the channel counts differ.</exception>
    public static LinearLayer FoldBatchNorm(Conv2d convolution, BatchNorm norm)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        return FoldModule(LinearLayerKind.Conv2d, convolution, norm);
    }

    /// <summary>
    /// Folds <paramref name="norm"/> (eval mode) into the transposed <paramref name="convolution"/> (no padding, no
    /// output padding, dilation 1, one group, equal strides), e.g. a U-Net decoder's <c>upsample</c> and <c>upnorm</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="norm"/> is in training mode.</exception>
    /// <exception cref="ArgumentException">The convolution is not one a <see cref="LinearLayer"/> describes, or the channel counts differ.</exception>
    public static LinearLayer FoldBatchNorm(ConvTranspose2d convolution, BatchNorm norm)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        return FoldModule(LinearLayerKind.ConvTranspose2d, convolution, norm);
    }

    private static void AddUNet(RelevanceGraph graph, UNet unet)
    {
        int x = graph.Add(new PaddingStep(0, graph.NextSlot, unet.Margins, unet.Latitude, unet.Longitude, unet.Fit));
        x = AddConvBlock(graph, "stem_first", unet.StemFirst, x);
        x = AddConvBlock(graph, "stem_second", unet.StemSecond, x);
        var skips = new List<int> { x };
        for (int i = 0; i < unet.Down.Count; i++)
        {
            x = AddConvBlock(graph, $"down.{i}.first", unet.Down[i].First, x);
            x = AddConvBlock(graph, $"down.{i}.second", unet.Down[i].Second, x);
            skips.Add(x);
        }

        for (int i = 0; i < unet.Up.Count; i++)
        {
            UpBlock up = unet.Up[i];
            x = graph.AddLinear($"up.{i}.upsample", FoldBatchNorm(up.Upsample, up.UpNorm), x, owned: true);
            x = graph.Add(new ActivationStep(x, graph.NextSlot, up.Act));
            x = graph.Add(new ConcatenationStep(x, skips[unet.Depth - 1 - i], graph.NextSlot));
            x = AddConvBlock(graph, $"up.{i}.first", up.First, x);
            x = AddConvBlock(graph, $"up.{i}.second", up.Second, x);
        }

        x = graph.AddLinear("head", Borrowed(unet.Head), x, owned: false);
        graph.Add(new CropStep(x, 0, graph.NextSlot, unet.Margins));
    }

    private static void AddResNet(RelevanceGraph graph, ResNet resnet)
    {
        int x = AddConvBlock(graph, "stem", resnet.Stem, 0);
        for (int i = 0; i < resnet.Blocks.Count; i++)
        {
            ResidualBlock block = resnet.Blocks[i];
            int branch = AddConvBlock(graph, $"blocks.{i}.first", block.First, x);
            branch = graph.Add(Padding(branch, graph.NextSlot, block.Pad));
            branch = graph.AddLinear($"blocks.{i}.conv", FoldBatchNorm(block.Conv, block.Norm), branch, owned: true);
            int sum = graph.Add(new SumStep(x, branch, graph.NextSlot));
            x = graph.Add(new ActivationStep(sum, graph.NextSlot, block.Act));
        }

        graph.AddLinear("head", Borrowed(resnet.Head), x, owned: false);
    }

    private static int AddConvBlock(RelevanceGraph graph, string name, ConvBlock block, int x)
    {
        x = graph.Add(Padding(x, graph.NextSlot, block.Pad));
        x = graph.AddLinear($"{name}.conv", FoldBatchNorm(block.Conv, block.Norm), x, owned: true);
        return graph.Add(new ActivationStep(x, graph.NextSlot, block.Act));
    }

    private static PaddingStep Padding(int input, int output, GeoPad pad) =>
        new(input, output, pad.Size, pad.Latitude, pad.Longitude, pad.call);

    private static LinearLayer Borrowed(Conv2d convolution) => new(LinearLayerKind.Conv2d, convolution.weight!, convolution.bias, convolution.stride[0]);

    /// <summary>Reads the convolution and the normalisation's parameters and buffers (without copying them) and folds.</summary>
    private static LinearLayer FoldModule(LinearLayerKind kind, Convolution convolution, BatchNorm norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        if (norm.training)
        {
            throw new InvalidOperationException(
                "Cannot fold a BatchNorm in training mode: it normalises with each batch's own mean and variance, so no " +
                "fixed W', b' reproduce its outputs. Call eval() on the model (or the BatchNorm) first.");
        }

        long stride = RequireDescribable(convolution);
        return BatchNormCanonizer.Fold(
            new LinearLayer(kind, convolution.weight, convolution.bias, stride),
            Required(norm.get_parameter("weight"), "weight"),
            Required(norm.get_parameter("bias"), "bias"),
            Required(norm.get_buffer("running_mean"), "running_mean"),
            Required(norm.get_buffer("running_var"), "running_var"),
            BatchNorm.Epsilon);
    }

    /// <summary>
    /// Checks that <paramref name="convolution"/> is what a <see cref="LinearLayer"/> describes (padding 0, dilation
    /// 1, one group, no output padding, the same stride along both axes) and returns that stride.
    /// </summary>
    private static long RequireDescribable(Convolution convolution)
    {
        long[] stride = convolution.stride;
        if (convolution.padding_type is TorchSharp.Padding.Same
            || (convolution.padding is { } padding && padding.Any(p => p != 0))
            || convolution.dilation.Any(d => d != 1)
            || convolution.groups != 1
            || (convolution.transposed && convolution.output_padding.Any(p => p != 0))
            || stride.Length == 0
            || stride.Any(s => s != stride[0]))
        {
            throw new ArgumentException(
                "Only convolutions without padding (our networks pad explicitly with GeoPad), with dilation 1, one group, " +
                "no output padding and the same stride along both axes can be folded into a LinearLayer.",
                nameof(convolution));
        }

        return stride[0];
    }

    private static Tensor Required(Tensor? t, string name)
        => t ?? throw new ArgumentException($"The BatchNorm has no '{name}'.", nameof(name));
}
