using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// One U-Net decoder step: 2×2 transposed convolution (stride 2, halves the channels) → BatchNorm → LeakyReLU,
/// concatenation with the encoder's skip (channel dimension, skip second), then two <see cref="ConvBlock"/>s.
/// Keys: <c>upsample.*</c>, <c>upnorm.*</c>, <c>first.*</c>, <c>second.*</c>.
/// </summary>
public sealed class UpBlock : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "upsample")]
    private readonly ConvTranspose2d _upsample;
    [ComponentName(Name = "upnorm")]
    private readonly BatchNorm _upnorm;
    [ComponentName(Name = "act")]
    private readonly LeakyActivation _act;
    [ComponentName(Name = "first")]
    private readonly ConvBlock _first;
    [ComponentName(Name = "second")]
    private readonly ConvBlock _second;

    /// <summary>Creates the step from <paramref name="inChannels"/> to <paramref name="inChannels"/>/2 channels.</summary>
    public UpBlock(long inChannels, PaddingMode latitude, PaddingMode longitude)
        : base(nameof(UpBlock))
    {
        long half = inChannels / 2;
        _upsample = nn.ConvTranspose2d(inChannels, half, 2, stride: 2, bias: false);
        _upnorm = new BatchNorm(half);
        _act = new LeakyActivation();
        _first = new ConvBlock(inChannels, half, 1, latitude, longitude);
        _second = new ConvBlock(half, half, 1, latitude, longitude);
        RegisterComponents();
    }

    /// <summary>The transposed convolution. (Read by the relevance engine.)</summary>
    internal ConvTranspose2d Upsample => _upsample;

    /// <summary>The normalisation after the transposed convolution. (Read by the relevance engine.)</summary>
    internal BatchNorm UpNorm => _upnorm;

    /// <summary>The block after the concatenation. (Read by the relevance engine.)</summary>
    internal ConvBlock First => _first;

    /// <summary>The last block. (Read by the relevance engine.)</summary>
    internal ConvBlock Second => _second;

    /// <summary>The LeakyReLU. (Read by the relevance engine.)</summary>
    internal LeakyActivation Act => _act;

    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor skip)
    {
        using Tensor up = _upsample.call(input);
        using Tensor normalised = _upnorm.call(up);
        using Tensor activated = _act.call(normalised);
        using Tensor joined = cat([activated, skip], 1);
        using Tensor first = _first.call(joined);
        return _second.call(first);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _upsample.Dispose();
            _upnorm.Dispose();
            _act.Dispose();
            _first.Dispose();
            _second.Dispose();
        }

        base.Dispose(disposing);
    }
}
