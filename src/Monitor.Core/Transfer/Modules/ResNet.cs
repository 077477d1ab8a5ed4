using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// Small ResNet for variable transfer (after Farokhmanesh et al., AIES 2023): a stem <see cref="ConvBlock"/>,
/// <c>blocks</c> <see cref="ResidualBlock"/>s at constant width and resolution, and a 1×1 convolution head.
/// Input <c>[B, C, lat, lon]</c>, output <c>[B, 1, lat, lon]</c>. Keys: <c>stem.*</c>, <c>blocks.{i}.*</c>, <c>head.*</c>.
/// </summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "stem")]
    private readonly ConvBlock _stem;
    [ComponentName(Name = "blocks")]
    private readonly ModuleList<ResidualBlock> _blocks;
    [ComponentName(Name = "head")]
    private readonly Conv2d _head;

    /// <summary>Creates the network.</summary>
    public ResNet(long inChannels, long width, int blocks, PaddingMode latitude, PaddingMode longitude)
        : base(nameof(ResNet))
    {
        _stem = new ConvBlock(inChannels, width, 1, latitude, longitude);
        _blocks = nn.ModuleList(Enumerable.Range(0, blocks).Select(_ => new ResidualBlock(width, latitude, longitude)).ToArray());
        _head = nn.Conv2d(width, 1, 1);
        RegisterComponents();
    }

    /// <summary>The stem block. (Read by the relevance engine.)</summary>
    internal ConvBlock Stem => _stem;

    /// <summary>The residual blocks. (Read by the relevance engine.)</summary>
    internal IList<ResidualBlock> Blocks => _blocks;

    /// <summary>The 1×1 output convolution. (Read by the relevance engine.)</summary>
    internal Conv2d Head => _head;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor x = _stem.call(input);
        foreach (ResidualBlock block in _blocks)
        {
            x = block.call(x);
        }

        return _head.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stem.Dispose();
            _blocks.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
