namespace Monitor.Core.Grids;

/// <summary>Where a variable lives in the vertical and in time.</summary>
public enum VariableKind
{
    /// <summary>Single level (surface, 2 m, 10 m, column), one value per time.</summary>
    SingleLevel,

    /// <summary>On pressure levels; a <see cref="VariableId"/> names the level.</summary>
    PressureLevel,

    /// <summary>Invariant in time (orography, land–sea mask).</summary>
    Static,
}
