namespace Monitor.Core.Grids;

/// <summary>One 2-D field on a grid: values row-major <c>[lat, lon]</c>, rows north → south, NaN where missing.</summary>
/// <param name="Variable">What the field is.</param>
/// <param name="Grid">Where the values are.</param>
/// <param name="Units">Units of <paramref name="Values"/> (canonical units after decoding).</param>
/// <param name="ValidTime">Valid time (UTC), or null for static fields.</param>
/// <param name="Values">Values, <c>[lat, lon]</c> row-major, length = grid cell count.</param>
public sealed record GriddedField(VariableId Variable, GridSpec Grid, string Units, DateTime? ValidTime, float[] Values)
{
    /// <summary>Value at a row and column.</summary>
    public float this[int row, int column] => Values[(row * Grid.LongitudeCount) + column];

    /// <summary>NaN-aware summary of the values.</summary>
    public FieldStatistics Statistics() => FieldStatistics.Of(Values);
}
