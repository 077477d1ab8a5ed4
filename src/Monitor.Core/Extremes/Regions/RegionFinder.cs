using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Regions;

/// <summary>
/// Connected regions of a cell mask: 8-neighbour connectivity, the first and last columns neighbours on a global grid
/// (so a region across the date line is one region), fragments whose cells come within the merge distance joined,
/// and regions below the minimum area dropped (after merging).
/// </summary>
public static class RegionFinder
{
    /// <summary>The regions of <paramref name="mask"/> (<c>[lat, lon]</c>), each as its ascending cell indices, largest area first.</summary>
    public static IReadOnlyList<int[]> Find(GridSpec grid, ReadOnlySpan<bool> mask, RegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(options);
        if (mask.Length != grid.CellCount)
        {
            throw new ArgumentException($"Mask has {mask.Length} cells, the grid {grid.CellCount}.", nameof(mask));
        }

        int rows = grid.LatitudeCount, cols = grid.LongitudeCount;
        bool wrap = grid.IsGlobalWrap;
        var parent = new int[mask.Length];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = mask[i] ? i : -1;
        }

        double[] areas = grid.CellAreasKm2();
        double d = options.MergeDistanceKm;
        for (int r = 0; r < rows; r++)
        {
            // Search reach in rows and columns: 8-neighbours, widened to cover the merge distance at this latitude.
            double cosLat = Math.Max(0.01, Math.Cos(grid.Latitude(r) * Math.PI / 180));
            int rowReach = Math.Max(1, (int)Math.Ceiling(d / (111.2 * grid.LatitudeStep)));
            int colReach = Math.Max(1, (int)Math.Min(cols / 2, Math.Ceiling(d / (111.2 * cosLat * grid.LongitudeStep))));
            for (int c = 0; c < cols; c++)
            {
                int cell = (r * cols) + c;
                if (!mask[cell])
                {
                    continue;
                }

                for (int rr = r; rr <= Math.Min(rows - 1, r + rowReach); rr++)
                {
                    for (int dc = -colReach; dc <= colReach; dc++)
                    {
                        if (rr == r && dc <= 0)
                        {
                            continue;
                        }

                        int cc = c + dc;
                        if (wrap)
                        {
                            cc = ((cc % cols) + cols) % cols;
                        }
                        else if (cc < 0 || cc >= cols)
                        {
                            continue;
                        }

                        int other = (rr * cols) + cc;
                        if (!mask[other])
                        {
                            continue;
                        }

                        bool touching = rr - r <= 1 && Math.Abs(dc) <= 1;
                        if (touching || (d > 0 && DistanceKm(grid, r, c, rr, cc) <= d))
                        {
                            Union(parent, cell, other);
                        }
                    }
                }
            }
        }

        var groups = new Dictionary<int, List<int>>();
        for (int i = 0; i < parent.Length; i++)
        {
            if (parent[i] >= 0)
            {
                int root = Find(parent, i);
                if (!groups.TryGetValue(root, out List<int>? list))
                {
                    groups[root] = list = [];
                }

                list.Add(i);
            }
        }

        return [.. groups.Values
            .Select(g => (Cells: g.ToArray(), Area: g.Sum(i => areas[i / cols])))
            .Where(g => g.Area >= options.MinimumAreaKm2)
            .OrderByDescending(g => g.Area).ThenBy(g => g.Cells[0])
            .Select(g => g.Cells)];
    }

    private static double DistanceKm(GridSpec grid, int r1, int c1, int r2, int c2)
    {
        const double rad = Math.PI / 180.0;
        double lat1 = grid.Latitude(r1) * rad, lat2 = grid.Latitude(r2) * rad;
        double dLon = (c2 - c1) * grid.LongitudeStep * rad;
        double h = Math.Pow(Math.Sin((lat2 - lat1) / 2), 2) + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * GridSpec.EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
