using Monitor.Core.Grids;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;

namespace Monitor.Core.Relevance.Patterns;

/// <summary>
/// One explained region as the relevance-pattern clustering sees it: each input's share of the relevance, the
/// footprint's offset and mean distance, and each input's relevance in a window of grid cells centred on the region's
/// centroid cell, divided by the explanation's Σ|R| so that cases of different magnitude compare.
/// </summary>
/// <param name="Id">Where the case came from (e.g. the explanation file, or cycle, lead and region).</param>
/// <param name="Inputs">Input variables in the model's order.</param>
/// <param name="Shares">Each input's share of Σ|R|, 0…1, in <paramref name="Inputs"/> order.</param>
/// <param name="EastKm">East component of the footprint's offset vector, km.</param>
/// <param name="NorthKm">North component of the footprint's offset vector, km.</param>
/// <param name="MeanDistanceKm">The footprint's relevance-weighted mean distance from the centroid, km.</param>
/// <param name="HalfWidth">Window half-width in cells: the window is (2·HalfWidth + 1)² cells.</param>
/// <param name="Windows">Per input, the centred window <c>[row, column]</c> row-major, rows north → south; NaN outside the grid.</param>
/// <param name="CellDegrees">The grid's spacing (latitude, longitude), degrees: the window's cell size.</param>
public sealed record RelevanceCase(
    string Id,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<double> Shares,
    double EastKm,
    double NorthKm,
    double MeanDistanceKm,
    int HalfWidth,
    IReadOnlyList<float[]> Windows,
    (double Latitude, double Longitude) CellDegrees)
{
    /// <summary>Cells along one side of the window.</summary>
    public int WindowSize => (2 * HalfWidth) + 1;

    /// <summary>A case from an explanation's per-input maps <c>[lat, lon]</c> and its summary.</summary>
    public static RelevanceCase FromSummary(string id, GridSpec grid, IReadOnlyList<string> inputs, IReadOnlyList<float[]> maps,
        RegionSummary summary, int halfWidth)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Create(id, grid, inputs, maps, summary.Variables.Select(v => v.Share).ToList(), summary.Footprint,
            summary.CentroidLatitude, summary.CentroidLongitude, halfWidth);
    }

    /// <summary>
    /// A case from per-input relevance maps <c>[lat, lon]</c> on <paramref name="grid"/>, each input's share, the
    /// footprint and the region's centroid (degrees). The window wraps in longitude on global grids.
    /// </summary>
    /// <exception cref="ArgumentException">The maps, shares and inputs do not match each other or the grid (the case is named).</exception>
    public static RelevanceCase Create(string id, GridSpec grid, IReadOnlyList<string> inputs, IReadOnlyList<float[]> maps,
        IReadOnlyList<double> shares, Footprint footprint, double centroidLatitude, double centroidLongitude, int halfWidth)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(footprint);
        ArgumentOutOfRangeException.ThrowIfNegative(halfWidth);
        if (maps.Count != inputs.Count || shares.Count != inputs.Count || maps.Any(m => m.Length != grid.CellCount))
        {
            throw new ArgumentException(
                $"Case '{id}': {inputs.Count} inputs, {maps.Count} maps and {shares.Count} shares on a grid of {grid.CellCount} cells do not match.");
        }

        double total = maps.Sum(m => m.Sum(v => Math.Abs((double)v)));
        double scale = total > 0 ? 1 / total : 0;
        (int row, int column) = RegionMask.NearestCell(grid, centroidLatitude, centroidLongitude);
        var windows = maps.Select(map => Window(grid, map, row, column, halfWidth, scale)).ToList();
        return new RelevanceCase(id, inputs, shares, footprint.EastKm, footprint.NorthKm, footprint.MeanDistanceKm, halfWidth, windows,
            (grid.LatitudeStep, grid.LongitudeStep));
    }

    private static float[] Window(GridSpec grid, float[] map, int row, int column, int halfWidth, double scale)
    {
        int size = (2 * halfWidth) + 1;
        var window = new float[size * size];
        for (int dr = -halfWidth; dr <= halfWidth; dr++)
        {
            for (int dc = -halfWidth; dc <= halfWidth; dc++)
            {
                int r = row + dr, c = column + dc;
                if (grid.IsGlobalWrap)
                {
                    c = ((c % grid.LongitudeCount) + grid.LongitudeCount) % grid.LongitudeCount;
                }

                bool inside = r >= 0 && r < grid.LatitudeCount && c >= 0 && c < grid.LongitudeCount;
                window[((dr + halfWidth) * size) + dc + halfWidth] = inside ? (float)(map[(r * grid.LongitudeCount) + c] * scale) : float.NaN;
            }
        }

        return window;
    }
}
