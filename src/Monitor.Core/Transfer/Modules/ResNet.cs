using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// Small ResNet for variable transfer (after Farokhmanesh et al., AIES 2023): a stem <see cref="ConvBlock"/>,
/// <c>blocks</c> <see cref="ResidualBlock"/>s at constant width and resolution, and a 1×1 convolution head.
/// Input <c>[B, C, lat, lon]</c>, output <c>[B, 1, lat, lon]</c>, any grid of at least one cell per side (two along an
/// axis padded by reflection). Keys: <c>stem.*</c>, <c>blocks.{i}.*</c>, <c>head.*</c>.
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
        Latitude = latitude;
        Longitude = longitude;
        _stem = new ConvBlock(inChannels, width, 1, latitude, longitude);
        _blocks = nn.ModuleList(Enumerable.Range(0, blocks).Select(_ => new ResidualBlock(width, latitude, longitude)).ToArray());
        _head = nn.Conv2d(width, 1, 1);
        RegisterComponents();
    }

    /// <summary>Padding along latitude.</summary>
    public PaddingMode Latitude { get; }

    /// <summary>Padding along longitude.</summary>
    public PaddingMode Longitude { get; }

    /// <summary>The stem block. (Read by the relevance engine.)</summary>
    internal ConvBlock Stem => _stem;

    /// <summary>The residual blocks. (Read by the relevance engine.)</summary>
    internal IList<ResidualBlock> Blocks => _blocks;

    /// <summary>The 1×1 output convolution. (Read by the relevance engine.)</summary>
    internal Conv2d Head => _head;

    /// <summary>
    /// Why a ResNet cannot run on a grid of <paramref name="rows"/> × <paramref name="columns"/>, or null when it can:
    /// every convolution pads one cell per side, and reflection mirrors across a second cell.
    /// </summary>
    public static string? SizeProblem(PaddingMode latitude, PaddingMode longitude, long rows, long columns)
    {
        long minimumRows = GeoPad.MinimumLength(latitude, 1), minimumColumns = GeoPad.MinimumLength(longitude, 1);
        return rows >= minimumRows && columns >= minimumColumns
            ? null
            : $"a ResNet needs at least {minimumRows}×{minimumColumns} cells (two along an axis padded by reflection: latitude " +
              $"{latitude}, longitude {longitude}); the grid is {rows}×{columns}";
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The grid is smaller than <see cref="SizeProblem"/> allows.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (SizeProblem(Latitude, Longitude, input.shape[2], input.shape[3]) is { } problem)
        {
            throw new ArgumentException(problem, nameof(input));
        }

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
