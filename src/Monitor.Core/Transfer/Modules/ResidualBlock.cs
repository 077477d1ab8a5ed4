using Monitor.Core.Runtime;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// Residual block (He et al. 2016): <c>LeakyReLU(x + BN(conv(pad(ConvBlock(x)))))</c>. The addition is where the
/// relevance engine must split relevance in proportion to each branch's contribution.
/// Keys: <c>first.*</c>, <c>conv.weight</c>, <c>norm.*</c>.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "first")]
    private readonly ConvBlock _first;
    [ComponentName(Name = "pad")]
    private readonly GeoPad _pad;
    [ComponentName(Name = "conv")]
    private readonly Conv2d _conv;
    [ComponentName(Name = "norm")]
    private readonly BatchNorm _norm;
    [ComponentName(Name = "act")]
    private readonly LeakyActivation _act;

    /// <summary>Creates a block keeping <paramref name="channels"/> channels.</summary>
    public ResidualBlock(long channels, PaddingMode latitude, PaddingMode longitude)
        : base(nameof(ResidualBlock))
    {
        _first = new ConvBlock(channels, channels, 1, latitude, longitude);
        _pad = new GeoPad(1, latitude, longitude);
        _conv = nn.Conv2d(channels, channels, 3, bias: false);
        _norm = new BatchNorm(channels);
        _act = new LeakyActivation();
        RegisterComponents();
    }

    /// <summary>The first block of the branch. (Read by the relevance engine.)</summary>
    internal ConvBlock First => _first;

    /// <summary>The padding before the branch convolution. (Read by the relevance engine.)</summary>
    internal GeoPad Pad => _pad;

    /// <summary>The branch convolution. (Read by the relevance engine.)</summary>
    internal Conv2d Conv => _conv;

    /// <summary>The normalisation closing the branch. (Read by the relevance engine.)</summary>
    internal BatchNorm Norm => _norm;

    /// <summary>The LeakyReLU. (Read by the relevance engine.)</summary>
    internal LeakyActivation Act => _act;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor branch = _norm.call(_conv.call(_pad.call(_first.call(input))));
        return _act.call(input.add(branch, KeptScalars.One)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _first.Dispose();
            _pad.Dispose();
            _conv.Dispose();
            _norm.Dispose();
            _act.Dispose();
        }

        base.Dispose(disposing);
    }
}
