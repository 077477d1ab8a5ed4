using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// LeakyReLU with slope <see cref="ConvBlock.NegativeSlope"/> on negative inputs, no parameters. TorchSharp's
/// <c>nn.LeakyReLU</c> turns its slope into a native scalar on every call and leaves that scalar to the finaliser, which
/// the garbage collector may run while libtorch still reads it — an occlusion run here failed in <c>leaky_relu</c> with
/// libtorch's scalar check (the failure <c>Runtime/KeptScalars</c> documents for training). This one passes a scalar
/// that lives for the whole process.
/// </summary>
public sealed class LeakyActivation : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar s_slope = ConvBlock.NegativeSlope.ToScalar();

    /// <summary>Creates the activation.</summary>
    public LeakyActivation()
        : base(nameof(LeakyActivation))
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.leaky_relu(s_slope);
    }
}
