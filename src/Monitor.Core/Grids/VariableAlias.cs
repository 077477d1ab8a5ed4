namespace Monitor.Core.Grids;

/// <summary>
/// Another name for a canonical variable, with the linear conversion from the alias's units to the canonical ones:
/// canonical = value × <see cref="Scale"/> + <see cref="Offset"/>.
/// </summary>
/// <param name="Alias">The other name (case-insensitive), e.g. GRIB shortName <c>2t</c> or GFS <c>TMP_2maboveground</c>.</param>
/// <param name="Variable">The canonical variable.</param>
/// <param name="Scale">Multiplier to canonical units (1 when the units agree).</param>
/// <param name="Offset">Offset to canonical units (0 when the units agree).</param>
public sealed record VariableAlias(string Alias, VariableInfo Variable, double Scale = 1.0, double Offset = 0.0)
{
    /// <summary>True when values need no conversion.</summary>
    public bool IsIdentity => Scale == 1.0 && Offset == 0.0;
}
