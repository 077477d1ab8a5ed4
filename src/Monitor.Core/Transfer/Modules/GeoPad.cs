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
    public override Tensor forward(Tensor input)
    {
        using Tensor lon = nn.functional.pad(input, [_size, _size, 0, 0], Map(Longitude));
        return nn.functional.pad(lon, [0, 0, _size, _size], Map(Latitude));
    }

    private static PaddingModes Map(PaddingMode mode) => mode switch
    {
        PaddingMode.Reflect => PaddingModes.Reflect,
        PaddingMode.Circular => PaddingModes.Circular,
        _ => PaddingModes.Replicate,
    };
}
