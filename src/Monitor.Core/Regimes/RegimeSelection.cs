using Monitor.Core.Grids;

namespace Monitor.Core.Regimes;

/// <summary>The cells of a source grid inside a <see cref="RegimeDomain"/>.</summary>
/// <param name="Grid">The regular sub-grid (rows north → south, columns west → east).</param>
/// <param name="Cells">For each sub-grid cell (row-major), the index of the source grid cell.</param>
public sealed record RegimeSelection(GridSpec Grid, int[] Cells)
{
    /// <summary>Copies the selected cells of a source field <c>[lat, lon]</c> into a new sub-grid field.</summary>
    public float[] Extract(ReadOnlySpan<float> field)
    {
        var values = new float[Cells.Length];
        for (int i = 0; i < Cells.Length; i++)
        {
            values[i] = field[Cells[i]];
        }

        return values;
    }
}
