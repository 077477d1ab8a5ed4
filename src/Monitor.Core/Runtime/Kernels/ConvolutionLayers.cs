using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>Finds the convolution layers a network runs, at the sizes they see, by one forward pass with pre-hooks.</summary>
public static class ConvolutionLayers
{
    /// <summary>
    /// The distinct (transposed) convolution shapes <paramref name="network"/> runs on an input of
    /// <paramref name="inputShape"/> <c>[B, C, H, W]</c> (a zero input, without gradients, in eval mode; the mode is restored).
    /// </summary>
    public static IReadOnlyList<ConvolutionShape> Of(nn.Module<Tensor, Tensor> network, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputShape);
        var shapes = new List<ConvolutionShape>();
        var removers = new List<nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover>();
        bool training = network.training;
        try
        {
            foreach (nn.Module module in network.modules())
            {
                switch (module)
                {
                    case Conv2d conv:
                        removers.Add(conv.register_forward_pre_hook((m, input) => Record(shapes, input, conv.weight!, false, conv.stride, conv.padding, conv.groups)));
                        break;
                    case ConvTranspose2d conv:
                        removers.Add(conv.register_forward_pre_hook((m, input) => Record(shapes, input, conv.weight!, true, conv.stride, conv.padding, conv.groups)));
                        break;
                }
            }

            network.eval();
            using IDisposable scope = NewDisposeScope();
            using (no_grad())
            {
                network.call(zeros(inputShape));
            }
        }
        finally
        {
            foreach (var remover in removers)
            {
                remover.remove();
            }

            network.train(training);
        }

        return shapes.Distinct().ToList();
    }

    private static Tensor Record(List<ConvolutionShape> shapes, Tensor input, Tensor weight, bool transposed, long[]? stride, long[]? padding, long groups)
    {
        long s = stride is { Length: > 0 } ? stride[0] : 1, p = padding is { Length: > 0 } ? padding[0] : 0;
        long inChannels = input.shape[1];
        long outChannels = transposed ? weight.shape[1] * groups : weight.shape[0];
        shapes.Add(new ConvolutionShape(transposed, input.shape[0], inChannels, outChannels, input.shape[2], input.shape[3], weight.shape[^1], s, p, groups));
        return input;
    }
}
