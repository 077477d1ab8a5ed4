using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// U-Net for variable transfer (after Farokhmanesh et al., AIES 2023, and Ronneberger et al. 2015): a stem of two
/// <see cref="ConvBlock"/>s, <c>depth</c> encoder steps (strided convolutions), <c>depth</c> decoder steps
/// (transposed convolutions with concatenated skips), and a 1×1 convolution head. Input <c>[B, C, lat, lon]</c>,
/// output <c>[B, 1, lat, lon]</c>. A grid whose sides are not multiples of 2^depth is padded to the next multiples
/// with the network's geographic padding (<see cref="Margins"/>, split evenly, an odd cell after) and the output is
/// cropped back, so any grid of at least <see cref="MinimumSide"/> cells per side works; the padding has no parameters.
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
    /// <param name="version">Layout: <see cref="OriginalVersion"/> (3×3 stride-2 downsampling) or
    /// <see cref="PhaseSymmetricVersion"/> (4×4).</param>
    public UNet(long inChannels, long width, int depth, PaddingMode latitude, PaddingMode longitude, int version = OriginalVersion)
        : base(nameof(UNet))
    {
        if (version is not (OriginalVersion or PhaseSymmetricVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"U-Net layouts are {OriginalVersion} and {PhaseSymmetricVersion}.");
        }

        Depth = depth;
        Version = version;
        Latitude = latitude;
        Longitude = longitude;
        _stemFirst = new ConvBlock(inChannels, width, 1, latitude, longitude);
        _stemSecond = new ConvBlock(width, width, 1, latitude, longitude);
        _down = nn.ModuleList(Enumerable.Range(0, depth).Select(i => new DownBlock(width << i, latitude, longitude, DownsamplingKernel(version))).ToArray());
        _up = nn.ModuleList(Enumerable.Range(0, depth).Select(i => new UpBlock(width << (depth - i), latitude, longitude)).ToArray());
        _head = nn.Conv2d(width, 1, 1);
        RegisterComponents();
    }

    /// <summary>
    /// The first layout: 3×3 stride-2 convolutions down, 2×2 stride-2 transposed convolutions up. Coarse cell t is
    /// centred on fine row 2t going down and put back on rows 2t and 2t + 1 (centre 2t + ½) going up, so every level
    /// moves what the network sees by half a fine cell towards row and column 0 — north and west on our grids
    /// (docs/relevance.md, "The stride artefact"). Models without an <c>architectureVersion</c> in model.json have it.
    /// </summary>
    public const int OriginalVersion = 1;

    /// <summary>
    /// The phase-symmetric layout: 4×4 stride-2 convolutions down (one cell of padding: coarse cell t reads fine rows
    /// 2t − 1 … 2t + 2, centre 2t + ½), the same 2×2 transposed convolutions up (centre 2t + ½), so that mirroring a grid
    /// maps the coarse grids onto themselves. Training's default since 2026-12-07 (docs/relevance.md, "The stride
    /// artefact" and "Layout decision").
    /// </summary>
    public const int PhaseSymmetricVersion = 2;

    /// <summary>Number of encoder steps.</summary>
    public int Depth { get; }

    /// <summary>Layout, <see cref="OriginalVersion"/> or <see cref="PhaseSymmetricVersion"/>.</summary>
    public int Version { get; }

    /// <summary>Kernel size of the stride-2 convolutions of a layout.</summary>
    public static long DownsamplingKernel(int version) => version == PhaseSymmetricVersion ? 4 : 3;

    /// <summary>Padding along latitude.</summary>
    public PaddingMode Latitude { get; }

    /// <summary>Padding along longitude.</summary>
    public PaddingMode Longitude { get; }

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

    /// <summary>
    /// The fewest cells a U-Net of <paramref name="depth"/> needs along an axis padded with <paramref name="mode"/>:
    /// 2^depth, so that its coarsest level holds a cell of the grid rather than padding alone, and one more with
    /// reflection, which at the coarsest level mirrors across a second cell.
    /// </summary>
    public static long MinimumSide(int depth, PaddingMode mode)
    {
        long multiple = 1L << depth;
        return Math.Max(multiple, ((GeoPad.MinimumLength(mode, 1) - 1) * multiple) + 1);
    }

    /// <summary>Why a U-Net cannot run on a grid of <paramref name="rows"/> × <paramref name="columns"/>, or null when it can.</summary>
    public static string? SizeProblem(int depth, PaddingMode latitude, PaddingMode longitude, long rows, long columns)
    {
        long minimumRows = MinimumSide(depth, latitude), minimumColumns = MinimumSide(depth, longitude);
        return rows >= minimumRows && columns >= minimumColumns
            ? null
            : $"a U-Net of depth {depth} needs at least {minimumRows}×{minimumColumns} cells ({1L << depth} per side, so that its " +
              $"coarsest level holds a cell of the grid, and one more along an axis padded by reflection: latitude {latitude}, " +
              $"longitude {longitude}); the grid is {rows}×{columns}";
    }

    /// <summary>The margins that pad a grid of <paramref name="rows"/> × <paramref name="columns"/> to multiples of 2^depth.</summary>
    public GridMargins Margins(long rows, long columns) => GridMargins.ToMultiple(rows, columns, 1L << Depth);

    /// <summary>
    /// <paramref name="input"/> <c>[B, C, lat, lon]</c> padded by its <see cref="Margins"/> (a copy, also when they are
    /// zero). (Read by the relevance engine.)
    /// </summary>
    internal Tensor Fit(Tensor input) => GeoPad.Pad(input, Margins(input.shape[2], input.shape[3]), Latitude, Longitude);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The grid is smaller than <see cref="MinimumSide"/> along an axis.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (SizeProblem(Depth, Latitude, Longitude, input.shape[2], input.shape[3]) is { } problem)
        {
            throw new ArgumentException(problem, nameof(input));
        }

        using IDisposable scope = NewDisposeScope();
        GridMargins margins = Margins(input.shape[2], input.shape[3]);
        Tensor x = _stemSecond.call(_stemFirst.call(margins.IsZero ? input : Fit(input)));
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

        Tensor output = _head.call(x);
        return (margins.IsZero ? output : margins.Crop(output).contiguous()).MoveToOuterDisposeScope();
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
