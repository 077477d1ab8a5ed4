using Monitor.Core.Grids;

namespace Monitor.Service.Plotting;

/// <summary>
/// Where the edges of a grid's cells lie (°N, °E): each cell spans half a step either side of its centre.
/// </summary>
internal sealed class CellEdges
{
    private readonly GridSpec _grid;

    /// <summary>Edges of the cells of <paramref name="grid"/>.</summary>
    public CellEdges(GridSpec grid)
    {
        _grid = grid;
        // A single row or column has no spacing; give it one degree so that it still covers an area.
        LatitudeStep = grid.LatitudeStep > 0 ? grid.LatitudeStep : 1.0;
        LongitudeStep = grid.LongitudeStep > 0 ? grid.LongitudeStep : 1.0;
    }

    /// <summary>Latitude spacing of the cells (°, positive).</summary>
    public double LatitudeStep { get; }

    /// <summary>Longitude spacing of the cells (°, positive).</summary>
    public double LongitudeStep { get; }

    /// <summary>Northern edge of row 0 (°N); may pass 90 when row 0 is centred on the pole.</summary>
    public double North => Latitude(0);

    /// <summary>Southern edge of the last row (°N).</summary>
    public double South => Latitude(_grid.LatitudeCount);

    /// <summary>Western edge of column 0 (°E).</summary>
    public double West => Longitude(0);

    /// <summary>Eastern edge of the last column (°E).</summary>
    public double East => Longitude(_grid.LongitudeCount);

    /// <summary>Latitude of corner row <paramref name="cornerRow"/>, the northern edge of cell row <paramref name="cornerRow"/> (°N).</summary>
    public double Latitude(int cornerRow) => _grid.FirstLatitude - ((cornerRow - 0.5) * LatitudeStep);

    /// <summary>Longitude of corner column <paramref name="cornerColumn"/>, the western edge of cell column <paramref name="cornerColumn"/> (°E).</summary>
    public double Longitude(int cornerColumn) => _grid.FirstLongitude + ((cornerColumn - 0.5) * LongitudeStep);
}
