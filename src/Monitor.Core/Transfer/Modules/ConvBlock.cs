using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// Geographic padding (1 cell) → k×k convolution (3×3 unless a U-Net's phase-symmetric downsampling asks for 4×4; no
/// bias, BatchNorm follows) → BatchNorm → LeakyReLU(0.1).
/// State-dict keys: <c>conv.weight</c>, <c>norm.{weight,bias,running_mean,running_var,num_batches_tracked}</c>.
/// </summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Negative slope of the LeakyReLU used throughout (Farokhmanesh et al. 2023 use LeakyReLU).</summary>
    public const double NegativeSlope = 0.1;

    [ComponentName(Name = "pad")]
    private readonly GeoPad _pad;
    [ComponentName(Name = "conv")]
    private readonly Conv2d _conv;
    [ComponentName(Name = "norm")]
    private readonly BatchNorm _norm;
    [ComponentName(Name = "act")]
    private readonly LeakyActivation _act;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="stride">Stride of the convolution (1 or 2).</param>
    /// <param name="latitude">Padding along latitude.</param>
    /// <param name="longitude">Padding along longitude.</param>
    /// <param name="kernel">Kernel size: 3, or 4 for a stride-2 step whose outputs sit between two input cells
    /// (<see cref="UNet.PhaseSymmetricVersion"/>).</param>
    public ConvBlock(long inChannels, long outChannels, long stride, PaddingMode latitude, PaddingMode longitude, long kernel = 3)
        : base(nameof(ConvBlock))
    {
        _pad = new GeoPad(1, latitude, longitude);
        _conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, bias: false);
        _norm = new BatchNorm(outChannels);
        _act = new LeakyActivation();
        RegisterComponents();
    }

    /// <summary>The geographic padding. (Read by the relevance engine.)</summary>
    internal GeoPad Pad => _pad;

    /// <summary>The convolution. (Read by the relevance engine.)</summary>
    internal Conv2d Conv => _conv;

    /// <summary>The normalisation after the convolution. (Read by the relevance engine.)</summary>
    internal BatchNorm Norm => _norm;

    /// <summary>The LeakyReLU. (Read by the relevance engine.)</summary>
    internal LeakyActivation Act => _act;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using Tensor padded = _pad.call(input);
        using Tensor convolved = _conv.call(padded);
        using Tensor normalised = _norm.call(convolved);
        return _act.call(normalised);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pad.Dispose();
            _conv.Dispose();
            _norm.Dispose();
            _act.Dispose();
        }

        base.Dispose(disposing);
    }
}
