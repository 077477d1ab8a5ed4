using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// One U-Net encoder step: a strided (2) <see cref="ConvBlock"/> doubling the channels, then a second ConvBlock. The
/// strided block's kernel is 3×3 in the original layout and 4×4 in the phase-symmetric one
/// (<see cref="UNet.PhaseSymmetricVersion"/>): with one cell of padding a 4×4 kernel centres coarse cell t on fine
/// rows 2t and 2t + 1, where the decoder's 2×2 transposed convolution puts it back.
/// Keys: <c>first.*</c>, <c>second.*</c>.
/// </summary>
public sealed class DownBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "first")]
    private readonly ConvBlock _first;
    [ComponentName(Name = "second")]
    private readonly ConvBlock _second;

    /// <summary>Creates the step from <paramref name="inChannels"/> to 2 × <paramref name="inChannels"/> channels.</summary>
    public DownBlock(long inChannels, PaddingMode latitude, PaddingMode longitude, long kernel = 3)
        : base(nameof(DownBlock))
    {
        _first = new ConvBlock(inChannels, 2 * inChannels, 2, latitude, longitude, kernel);
        _second = new ConvBlock(2 * inChannels, 2 * inChannels, 1, latitude, longitude);
        RegisterComponents();
    }

    /// <summary>The strided block. (Read by the relevance engine.)</summary>
    internal ConvBlock First => _first;

    /// <summary>The second block. (Read by the relevance engine.)</summary>
    internal ConvBlock Second => _second;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using Tensor first = _first.call(input);
        return _second.call(first);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _first.Dispose();
            _second.Dispose();
        }

        base.Dispose(disposing);
    }
}
