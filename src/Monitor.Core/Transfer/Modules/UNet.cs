using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// U-Net for variable transfer (after Farokhmanesh et al., AIES 2023, and Ronneberger et al. 2015): a stem of two
/// <see cref="ConvBlock"/>s, <c>depth</c> encoder steps (strided convolutions), <c>depth</c> decoder steps
/// (transposed convolutions with concatenated skips), and a 1×1 convolution head. Input <c>[B, C, lat, lon]</c>,
/// output <c>[B, 1, lat, lon]</c>; lat and lon must be divisible by 2^depth.
/// Keys: <c>stem_first.*</c>, <c>stem_second.*</c>, <c>down.{i}.*</c>, <c>up.{i}.*</c>, <c>head.{weight,bias}</c>.
/// </summary>
public sealed class UNet : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "stem_first")]
    private readonly ConvBlock _stemFirst;
    [ComponentName(Name = "stem_second")]
    private readonly ConvBlock _stemSecond;
    [ComponentName(Name = "down")]
    private readonly ModuleList<DownBlock> _down;
    [ComponentName(Name = "up")]
    private readonly ModuleList<UpBlock> _up;
    [ComponentName(Name = "head")]
    private readonly Conv2d _head;

    /// <summary>Creates the network.</summary>
    /// <param name="inChannels">Number of input variables.</param>
    /// <param name="width">Channels after the stem; doubled at each encoder step.</param>
    /// <param name="depth">Number of encoder (and decoder) steps.</param>
    /// <param name="latitude">Padding along latitude.</param>
    /// <param name="longitude">Padding along longitude.</param>
    public UNet(long inChannels, long width, int depth, PaddingMode latitude, PaddingMode longitude)
        : base(nameof(UNet))
    {
        Depth = depth;
        _stemFirst = new ConvBlock(inChannels, width, 1, latitude, longitude);
        _stemSecond = new ConvBlock(width, width, 1, latitude, longitude);
        _down = nn.ModuleList(Enumerable.Range(0, depth).Select(i => new DownBlock(width << i, latitude, longitude)).ToArray());
        _up = nn.ModuleList(Enumerable.Range(0, depth).Select(i => new UpBlock(width << (depth - i), latitude, longitude)).ToArray());
        _head = nn.Conv2d(width, 1, 1);
        RegisterComponents();
    }

    /// <summary>Number of encoder steps.</summary>
    public int Depth { get; }

    /// <summary>The first stem block. (Read by the relevance engine.)</summary>
    internal ConvBlock StemFirst => _stemFirst;

    /// <summary>The second stem block. (Read by the relevance engine.)</summary>
    internal ConvBlock StemSecond => _stemSecond;

    /// <summary>The encoder steps. (Read by the relevance engine.)</summary>
    internal IList<DownBlock> Down => _down;

    /// <summary>The decoder steps. (Read by the relevance engine.)</summary>
    internal IList<UpBlock> Up => _up;

    /// <summary>The 1×1 output convolution. (Read by the relevance engine.)</summary>
    internal Conv2d Head => _head;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor x = _stemSecond.call(_stemFirst.call(input));
        var skips = new List<Tensor> { x };
        foreach (DownBlock down in _down)
        {
            x = down.call(x);
            skips.Add(x);
        }

        for (int i = 0; i < _up.Count; i++)
        {
            x = _up[i].call(x, skips[Depth - 1 - i]);
        }

        return _head.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stemFirst.Dispose();
            _stemSecond.Dispose();
            _down.Dispose();
            _up.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
