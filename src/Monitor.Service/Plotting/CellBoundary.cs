namespace Monitor.Service.Plotting;

/// <summary>
/// Traces the cell edges that separate inside cells from outside cells as polylines along the cell lattice.
/// Only edges between two cells count: the border of the grid is never part of a boundary.
/// </summary>
internal static class CellBoundary
{
    /// <summary>
    /// The boundary between inside and outside cells as polylines of lattice corners; a closed loop repeats its
    /// first corner at the end. Every separating edge appears in exactly one polyline.
    /// </summary>
    /// <param name="rows">Number of cell rows.</param>
    /// <param name="columns">Number of cell columns.</param>
    /// <param name="inside">Whether cell (row, column) is inside.</param>
    public static IReadOnlyList<IReadOnlyList<GridCorner>> Trace(int rows, int columns, Func<int, int, bool> inside)
    {
        ArgumentNullException.ThrowIfNull(inside);
        return Chain(SeparatingEdges(rows, columns, inside));
    }

    private static List<(GridCorner A, GridCorner B)> SeparatingEdges(int rows, int columns, Func<int, int, bool> inside)
    {
        var edges = new List<(GridCorner A, GridCorner B)>();
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                bool here = inside(row, column);
                if (row + 1 < rows && here != inside(row + 1, column))
                {
                    edges.Add((new GridCorner(row + 1, column), new GridCorner(row + 1, column + 1)));
                }

                if (column + 1 < columns && here != inside(row, column + 1))
                {
                    edges.Add((new GridCorner(row, column + 1), new GridCorner(row + 1, column + 1)));
                }
            }
        }

        return edges;
    }

    private static List<IReadOnlyList<GridCorner>> Chain(List<(GridCorner A, GridCorner B)> edges)
    {
        var touching = new Dictionary<GridCorner, List<int>>();
        for (int i = 0; i < edges.Count; i++)
        {
            AddTouching(touching, edges[i].A, i);
            AddTouching(touching, edges[i].B, i);
        }

        // Open polylines must start at a corner where an odd number of edges meet; what is left are closed loops.
        IEnumerable<GridCorner> starts = touching.Where(t => t.Value.Count % 2 == 1).Select(t => t.Key)
            .Concat(edges.Select(e => e.A));
        var used = new bool[edges.Count];
        var polylines = new List<IReadOnlyList<GridCorner>>();
        foreach (GridCorner start in starts)
        {
            for (List<GridCorner> path = Walk(start, edges, touching, used); path.Count > 1; path = Walk(start, edges, touching, used))
            {
                polylines.Add(path);
            }
        }

        return polylines;
    }

    private static List<GridCorner> Walk(
        GridCorner start, List<(GridCorner A, GridCorner B)> edges, Dictionary<GridCorner, List<int>> touching, bool[] used)
    {
        var path = new List<GridCorner> { start };
        GridCorner at = start;
        for (int next = NextUnused(touching[at], used); next >= 0; next = NextUnused(touching[at], used))
        {
            used[next] = true;
            at = edges[next].A == at ? edges[next].B : edges[next].A;
            path.Add(at);
        }

        return path;
    }

    private static int NextUnused(List<int> edgesAtCorner, bool[] used)
    {
        int slot = edgesAtCorner.FindIndex(e => !used[e]);
        return slot < 0 ? -1 : edgesAtCorner[slot];
    }

    private static void AddTouching(Dictionary<GridCorner, List<int>> touching, GridCorner corner, int edge)
    {
        if (!touching.TryGetValue(corner, out List<int>? list))
        {
            list = [];
            touching[corner] = list;
        }

        list.Add(edge);
    }
}
