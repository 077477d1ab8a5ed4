namespace Monitor.Core.Relevance.Rules;

/// <summary>The linear maps an <see cref="LrpRule"/> can explain.</summary>
public enum LinearLayerKind
{
    /// <summary>Dense layer: input <c>[B, in]</c>, weight <c>[out, in]</c>, bias <c>[out]</c>.</summary>
    Linear,

    /// <summary>2-D convolution without padding: input <c>[B, in, H, W]</c>, weight <c>[out, in, kH, kW]</c>.</summary>
    Conv2d,

    /// <summary>2-D transposed convolution without padding: input <c>[B, in, H, W]</c>, weight <c>[in, out, kH, kW]</c>.</summary>
    ConvTranspose2d,

    /// <summary>
    /// A separate dense layer per grid cell (the per-cell linear baseline): input <c>[B, in, H, W]</c>, weight
    /// <c>[in, H, W]</c>, bias <c>[H, W]</c>, output <c>[B, 1, H, W]</c> with z = Σ_c w_c x_c + b at every cell.
    /// </summary>
    PerCell,
}
