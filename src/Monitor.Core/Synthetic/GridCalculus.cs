using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Finite differences and interpolation on a regular latitude/longitude grid (rows north → south): centred
/// differences inside, one-sided at the edges of regional grids, wrapped in longitude on global grids.
/// </summary>
internal sealed class GridCalculus
{
    private readonly GridSpec _grid;
    private readonly double _dyMetres;
    private readonly double[] _dxMetres;

    public GridCalculus(GridSpec grid)
    {
        _grid = grid;
        _dyMetres = grid.LatitudeStep * Math.PI / 180.0 * GridSpec.EarthRadiusKm * 1000.0;
        _dxMetres = Enumerable.Range(0, grid.LatitudeCount)
            .Select(r => Math.Max(0.05, Math.Cos(grid.Latitude(r) * Math.PI / 180.0)) * grid.LongitudeStep * Math.PI / 180.0 * GridSpec.EarthRadiusKm * 1000.0)
            .ToArray();
    }

    /// <summary>∂f/∂x, eastward (units of f per metre).</summary>
    public void DerivativeX(ReadOnlySpan<float> field, Span<float> result)
    {
        int n = _grid.LongitudeCount;
        bool wrap = _grid.IsGlobalWrap;
        for (int r = 0; r < _grid.LatitudeCount; r++)
        {
            ReadOnlySpan<float> row = field.Slice(r * n, n);
            Span<float> output = result.Slice(r * n, n);
            for (int c = 0; c < n; c++)
            {
                int west = c - 1, east = c + 1;
                double span = 2;
                if (west < 0)
                {
                    (west, span) = wrap ? (n - 1, 2) : (c, 1);
                }

                if (east >= n)
                {
                    (east, span) = wrap ? (0, 2) : (c, 1);
                }

                output[c] = (float)((row[east] - row[west]) / (span * _dxMetres[r]));
            }
        }
    }

    /// <summary>∂f/∂y, northward (units of f per metre).</summary>
    public void DerivativeY(ReadOnlySpan<float> field, Span<float> result)
    {
        int n = _grid.LongitudeCount, rows = _grid.LatitudeCount;
        for (int r = 0; r < rows; r++)
        {
            int north = Math.Max(0, r - 1), south = Math.Min(rows - 1, r + 1);
            double span = (south - north) * _dyMetres;
            for (int c = 0; c < n; c++)
            {
                result[(r * n) + c] = span == 0 ? 0f : (float)((field[(north * n) + c] - field[(south * n) + c]) / span);
            }
        }
    }

    /// <summary>Bilinear value of a field at a latitude/longitude (clamped to regional grids, wrapped on global ones).</summary>
    public double Sample(ReadOnlySpan<float> field, double latitude, double longitude)
    {
        int n = _grid.LongitudeCount;
        double y = Math.Clamp((_grid.FirstLatitude - latitude) / _grid.LatitudeStep, 0, _grid.LatitudeCount - 1);
        double x = (longitude - _grid.FirstLongitude) / _grid.LongitudeStep;
        if (_grid.IsGlobalWrap)
        {
            x = ((x % n) + n) % n;
        }
        else
        {
            x = Math.Clamp(x, 0, n - 1);
        }

        int r0 = Math.Min((int)y, _grid.LatitudeCount - 1), r1 = Math.Min(r0 + 1, _grid.LatitudeCount - 1);
        int c0 = Math.Min((int)x, n - 1), c1 = _grid.IsGlobalWrap ? (c0 + 1) % n : Math.Min(c0 + 1, n - 1);
        double fy = y - r0, fx = x - c0;
        double top = (field[(r0 * n) + c0] * (1 - fx)) + (field[(r0 * n) + c1] * fx);
        double bottom = (field[(r1 * n) + c0] * (1 - fx)) + (field[(r1 * n) + c1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }
}
