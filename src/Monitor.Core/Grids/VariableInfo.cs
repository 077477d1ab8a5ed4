namespace Monitor.Core.Grids;

/// <summary>A canonical variable: ERA5 NetCDF short name, units, CF standard name.</summary>
/// <param name="Name">Canonical short name (ERA5 NetCDF), e.g. <c>t2m</c>.</param>
/// <param name="Units">Canonical units (UDUNITS), e.g. <c>K</c>, <c>m s**-1</c>, <c>J m**-2</c>.</param>
/// <param name="StandardName">CF standard name, or empty where CF has none.</param>
/// <param name="LongName">Human-readable name.</param>
/// <param name="Kind">Single level, pressure level or static.</param>
/// <param name="IsAccumulated">True for fields accumulated over the step (tp, tisr, ssrd).</param>
public sealed record VariableInfo(
    string Name,
    string Units,
    string StandardName,
    string LongName,
    VariableKind Kind,
    bool IsAccumulated = false)
{
    /// <summary>True for pressure-level variables.</summary>
    public bool IsPressureLevel => Kind == VariableKind.PressureLevel;
}
