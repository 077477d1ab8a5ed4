using Monitor.Service.Plotting;

namespace Monitor.Service.Tests.Plotting;

public sealed class CellBoundaryTests
{
    [Fact]
    public void Trace_SingleCell_IsOneClosedLoopAroundIt()
    {
        var polylines = CellBoundary.Trace(3, 3, (row, column) => row == 1 && column == 1);

        IReadOnlyList<GridCorner> loop = Assert.Single(polylines);
        Assert.Equal(5, loop.Count);
        Assert.Equal(loop[0], loop[^1]);
        Assert.Equal(
            new HashSet<GridCorner> { new(1, 1), new(1, 2), new(2, 1), new(2, 2) },
            loop.ToHashSet());
    }

    [Fact]
    public void Trace_ColumnTouchingTheGridBorder_IsAnOpenLineWithoutTheBorder()
    {
        var polylines = CellBoundary.Trace(3, 3, (_, column) => column == 0);

        IReadOnlyList<GridCorner> line = Assert.Single(polylines);
        Assert.Equal(
            new HashSet<GridCorner> { new(0, 1), new(3, 1) },
            new HashSet<GridCorner> { line[0], line[^1] });
        Assert.All(line, corner => Assert.Equal(1, corner.Column));
        Assert.Equal(4, line.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trace_UniformMask_HasNoBoundary(bool inside)
    {
        Assert.Empty(CellBoundary.Trace(4, 5, (_, _) => inside));
    }

    [Fact]
    public void Trace_Checkerboard_UsesEverySeparatingEdgeExactlyOnce()
    {
        const int rows = 4, columns = 5;
        static bool Inside(int row, int column) => (row + column) % 2 == 0;
        int separatingEdges = (rows * (columns - 1)) + ((rows - 1) * columns);   // every neighbour pair differs

        var polylines = CellBoundary.Trace(rows, columns, Inside);

        var edges = polylines
            .SelectMany(line => line.Zip(line.Skip(1), (a, b) => Normalise(a, b)))
            .ToList();
        Assert.Equal(separatingEdges, edges.Count);
        Assert.Equal(edges.Count, edges.Distinct().Count());
        Assert.All(edges, edge => Assert.Equal(1, Math.Abs(edge.A.Row - edge.B.Row) + Math.Abs(edge.A.Column - edge.B.Column)));
    }

    private static (GridCorner A, GridCorner B) Normalise(GridCorner a, GridCorner b) =>
        (a.Row, a.Column).CompareTo((b.Row, b.Column)) <= 0 ? (a, b) : (b, a);
}
