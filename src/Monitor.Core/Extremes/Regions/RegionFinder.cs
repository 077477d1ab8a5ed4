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

        // Search reach: 8-neighbours, widened to every cell that can lie within the merge distance. Two points d apart
        // differ in latitude by at most d/R; with haversine h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) ≤ sin²(d/2R) and
        // |φ₁|, |φ₂| ≤ φmax, their longitudes differ by at most 2·asin(sin(d/2R) / cos φmax) — or by anything when
        // sin(d/2R) ≥ cos φmax (the pole lies within reach).
        const double rad = Math.PI / 180;
        int rowReach = Math.Max(1, (int)Math.Ceiling(d / GridSpec.EarthRadiusKm / rad / Math.Abs(grid.LatitudeStep)));
        double s = Math.Sin(d / (2 * GridSpec.EarthRadiusKm));
        int widest = Math.Max(1, wrap ? cols / 2 : cols - 1);
        for (int r = 0; r < rows; r++)
        {
            int farthest = Math.Min(rows - 1, r + rowReach);
            double cosMax = Math.Cos(Math.Max(Math.Abs(grid.Latitude(r)), Math.Abs(grid.Latitude(farthest))) * rad);
            int colReach = s >= cosMax ? widest
                : Math.Clamp((int)Math.Ceiling(2 * Math.Asin(s / cosMax) / rad / grid.LongitudeStep), 1, widest);
            for (int c = 0; c < cols; c++)
            {
                int cell = (r * cols) + c;
                if (!mask[cell])
                {
                    continue;
                }

                for (int rr = r; rr <= farthest; rr++)
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
                        if (touching || (d > 0 && GreatCircle.DistanceKm(grid.Latitude(r), grid.Longitude(c), grid.Latitude(rr), grid.Longitude(cc)) <= d))
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
