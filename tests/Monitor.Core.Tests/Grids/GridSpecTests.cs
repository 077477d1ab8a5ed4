using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Grids;

public sealed class GridSpecTests
{
    [Fact]
    public void CellAreas_GlobalGrid_SumToSphereArea()
    {
        // W1 anchor grid: 32×64, 5.625°, cell centres at ±87.1875°.
        var grid = new GridSpec(87.1875, 5.625, 32, 0, 5.625, 64);
        double total = grid.CellAreasKm2().Sum() * grid.LongitudeCount;

        Assert.True(grid.IsGlobalWrap);
        Assert.Equal(4 * Math.PI * GridSpec.EarthRadiusKm * GridSpec.EarthRadiusKm, total, 1e-6 * total);
    }

    [Fact]
    public void CellArea_AtEquator_IsSquareOfArcLength()
    {
        var grid = new GridSpec(0.125, 0.25, 1, 0, 0.25, 1);
        double side = GridSpec.EarthRadiusKm * 0.25 * Math.PI / 180;

        Assert.Equal(side * side, grid.CellAreaKm2(0), 0.01);
        Assert.False(grid.IsGlobalWrap);
    }

    [Fact]
    public void FromAxes_SouthToNorth_FlipsAndKeepsSpacing()
    {
        GridSpec grid = GridSpec.FromAxes([-10, 0, 10], [350, 355, 0, 5], out bool flipped);

        Assert.True(flipped);
        Assert.Equal(10, grid.FirstLatitude);
        Assert.Equal(-10, grid.LastLatitude);
        Assert.Equal(350, grid.FirstLongitude);
        Assert.Equal(365, grid.LastLongitude);
    }

    [Fact]
    public void FromAxes_IrregularLatitudes_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => GridSpec.FromAxes([0, 1, 3], [0, 1], out _));

        Assert.Contains("latitude", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-90, LongitudeConvention.ZeroTo360, 270)]
    [InlineData(270, LongitudeConvention.Minus180To180, -90)]
    [InlineData(180, LongitudeConvention.Minus180To180, -180)]
    [InlineData(-180, LongitudeConvention.ZeroTo360, 180)]
    [InlineData(725, LongitudeConvention.ZeroTo360, 5)]
    public void NormalizeLongitude_MapsIntoConvention(double input, LongitudeConvention convention, double expected)
    {
        Assert.Equal(expected, GridSpec.NormalizeLongitude(input, convention), 9);
    }

    [Fact]
    public void Matches_SameGridInOtherConvention_IsTrue()
    {
        var a = new GridSpec(50, 1, 3, 350, 1, 3);
        var b = new GridSpec(50, 1, 3, -10, 1, 3);

        Assert.True(a.Matches(b));
        Assert.False(a.Matches(b with { LatitudeCount = 4 }));
    }
}
