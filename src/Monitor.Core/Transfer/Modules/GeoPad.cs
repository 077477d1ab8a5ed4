using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Modules;

/// <summary>
/// Pads <c>[B, C, lat, lon]</c> by <c>size</c> cells per side: longitude first (circular on global grids), then
/// latitude (reflect on global grids), as Farokhmanesh et al. (AIES 2023) do; regional grids replicate.
/// Parameter-free; PyTorch twin: <c>F.pad(x, (s, s, 0, 0), lon_mode)</c> then <c>F.pad(x, (0, 0, s, s), lat_mode)</c>.
/// </summary>
public sealed class GeoPad : nn.Module<Tensor, Tensor>
{
    private readonly long _size;

    /// <summary>Creates the padding.</summary>
    public GeoPad(long size, PaddingMode latitude, PaddingMode longitude)
        : base(nameof(GeoPad))
    {
        _size = size;
        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Cells added on each side.</summary>
    public long Size => _size;

    /// <summary>Mode along latitude.</summary>
    public PaddingMode Latitude { get; }

    /// <summary>Mode along longitude.</summary>
    public PaddingMode Longitude { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Pad(input, GridMargins.Uniform(_size), Latitude, Longitude);

    /// <summary>
    /// Pads <paramref name="input"/> <c>[B, C, lat, lon]</c> by <paramref name="margins"/>: longitude first, then
    /// latitude, each with its mode. PyTorch twin: <c>F.pad(x, (left, right, 0, 0), lon_mode)</c> then
    /// <c>F.pad(x, (0, 0, top, bottom), lat_mode)</c>.
    /// </summary>
    public static Tensor Pad(Tensor input, GridMargins margins, PaddingMode latitude, PaddingMode longitude)
    {
        ArgumentNullException.ThrowIfNull(input);
        using Tensor lon = nn.functional.pad(input, [margins.Left, margins.Right, 0, 0], Map(longitude));
        return nn.functional.pad(lon, [0, 0, margins.Top, margins.Bottom], Map(latitude));
    }

    /// <summary>
    /// The fewest cells an axis padded with <paramref name="mode"/> by <paramref name="size"/> cells per side needs:
    /// reflection mirrors across the edge cell, so it needs <c>size + 1</c> (PyTorch refuses fewer); wrapping needs
    /// <c>size</c>; replication one.
    /// </summary>
    public static long MinimumLength(PaddingMode mode, long size) => mode switch
    {
        PaddingMode.Reflect => size + 1,
        PaddingMode.Circular => Math.Max(size, 1),
        _ => 1,
    };

    private static PaddingModes Map(PaddingMode mode) => mode switch
    {
        PaddingMode.Reflect => PaddingModes.Reflect,
        PaddingMode.Circular => PaddingModes.Circular,
        _ => PaddingModes.Replicate,
    };
}
