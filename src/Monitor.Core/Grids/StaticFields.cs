namespace Monitor.Core.Grids;

/// <summary>Time-invariant fields on a grid: orography (m above sea level) and land–sea mask (fraction 0–1).</summary>
/// <param name="Grid">The grid of both fields.</param>
/// <param name="OrographyM">Surface height above mean sea level (m), <c>[lat, lon]</c>.</param>
/// <param name="LandSeaMask">Land fraction (0 = sea, 1 = land), <c>[lat, lon]</c>.</param>
public sealed record StaticFields(GridSpec Grid, float[] OrographyM, float[] LandSeaMask)
{
    /// <summary>Checks both arrays match the grid; throws naming the field otherwise.</summary>
    public StaticFields Validate()
    {
        if (OrographyM.Length != Grid.CellCount)
        {
            throw new ArgumentException($"orography has {OrographyM.Length} values, grid {Grid} needs {Grid.CellCount}.");
        }

        if (LandSeaMask.Length != Grid.CellCount)
        {
            throw new ArgumentException($"lsm has {LandSeaMask.Length} values, grid {Grid} needs {Grid.CellCount}.");
        }

        return this;
    }
}
