using Monitor.Core.Formats.Grib;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.Grib;

public sealed class GribFileReadFieldTests : IDisposable
{
    private static readonly double s_t2mTolerance = GribAssert.Tolerance([.. GribFixture.T2mValues]);

    private readonly TemporaryDirectory _directory = new();
    private readonly GribFixture _fixture;

    public GribFileReadFieldTests()
    {
        _fixture = new GribFixture(_directory);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("regular_ll_sfc_grib2.tmpl")]
    [InlineData("regular_ll_sfc_grib1.tmpl")]
    public void ReadField_RegularLatLon_DecodesValuesSetByGribFilter(string sample)
    {
        string path = _fixture.T2m("t2m.grib", sample);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(new VariableId("t2m"), field.Variable);
        Assert.Equal("K", field.Units);
        Assert.Equal(new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc), field.ValidTime);
        Assert.True(new GridSpec(50, 1, 3, 10, 1, 4).Matches(field.Grid), $"grid is {field.Grid}");
        GribAssert.Values(GribFixture.T2mGrid, field, s_t2mTolerance);
        GribAssert.MatchesGribGetData(field, path, s_t2mTolerance);
    }

    [Fact]
    public void ReadField_Grib2RegularLatLon_DecodesValuesSetByGribSet()
    {
        // grib_set changes the parameter and the reference time of a file written by grib_filter, in place of rules.
        string original = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        string path = _fixture.Set("d2m.grib2", original, "shortName=2d", "dataDate=20270101", "dataTime=0", "stepRange=0");

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(new VariableId("d2m"), field.Variable);
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), field.ValidTime);
        GribAssert.Values(GribFixture.T2mGrid, field, s_t2mTolerance);
    }

    [Theory]
    [InlineData("regular_ll_sfc_grib2.tmpl")]
    [InlineData("regular_ll_sfc_grib1.tmpl")]
    public void ReadField_SouthToNorthScan_FlipsRowsSoRowZeroIsNorth(string sample)
    {
        // Values given south row first: the first row of the message lies at 48 °N.
        string path = _fixture.Filter("s2n.grib", sample, $"""
            set shortName = "2t";
            {GribFixture.SmallGridRules}
            set jScansPositively = 1;
            set latitudeOfFirstGridPointInDegrees = 48;
            set latitudeOfLastGridPointInDegrees = 50;
            {GribFixture.ValuesRule([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}
            """);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(50, field.Grid.FirstLatitude, 6);
        Assert.Equal(1, field.Grid.LatitudeStep, 6);
        GribAssert.Values(new double[,] { { 9, 10, 11, 12 }, { 5, 6, 7, 8 }, { 1, 2, 3, 4 } }, field, 1e-5);
        GribAssert.MatchesGribGetData(field, path, 1e-5);
    }

    [Fact]
    public void ReadField_EastToWestScan_ReversesColumns()
    {
        string path = _fixture.Filter("e2w.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set shortName = "2t";
            {GribFixture.SmallGridRules}
            set iScansNegatively = 1;
            set longitudeOfFirstGridPointInDegrees = 13;
            set longitudeOfLastGridPointInDegrees = 10;
            {GribFixture.ValuesRule([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}
            """);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(10, field.Grid.FirstLongitude, 6);
        GribAssert.Values(new double[,] { { 4, 3, 2, 1 }, { 8, 7, 6, 5 }, { 12, 11, 10, 9 } }, field, 1e-5);
        GribAssert.MatchesGribGetData(field, path, 1e-5);
    }

    [Fact]
    public void ReadField_JPointsConsecutiveWithBothAxesReversed_TransposesAndFlips()
    {
        // Consecutive values run along a meridian, south → north, starting at the eastern column.
        string path = _fixture.Filter("transposed.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set shortName = "2t";
            {GribFixture.SmallGridRules}
            set jPointsAreConsecutive = 1;
            set iScansNegatively = 1;
            set jScansPositively = 1;
            set latitudeOfFirstGridPointInDegrees = 48;
            set latitudeOfLastGridPointInDegrees = 50;
            set longitudeOfFirstGridPointInDegrees = 13;
            set longitudeOfLastGridPointInDegrees = 10;
            {GribFixture.ValuesRule([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}
            """);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.True(new GridSpec(50, 1, 3, 10, 1, 4).Matches(field.Grid), $"grid is {field.Grid}");
        GribAssert.Values(new double[,] { { 12, 9, 6, 3 }, { 11, 8, 5, 2 }, { 10, 7, 4, 1 } }, field, 1e-5);
        GribAssert.MatchesGribGetData(field, path, 1e-5);
    }

    [Fact]
    public void ReadField_GridAcrossGreenwich_StartsAtWesternColumn()
    {
        string path = _fixture.Filter("greenwich.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set shortName = "2t";
            {GribFixture.SmallGridRules}
            set longitudeOfFirstGridPointInDegrees = -2;
            set longitudeOfLastGridPointInDegrees = 1;
            {GribFixture.ValuesRule([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}
            """);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(358, GridSpec.NormalizeLongitude(field.Grid.FirstLongitude, LongitudeConvention.ZeroTo360), 6);
        Assert.Equal(1, field.Grid.LongitudeStep, 6);
        Assert.Equal(4, field.Grid.LongitudeCount);
        GribAssert.MatchesGribGetData(field, path, 1e-5);
    }

    [Theory]
    [InlineData("grid_simple")]
    [InlineData("grid_complex")]
    [InlineData("grid_complex_spatial_differencing")]
    [InlineData("grid_ccsds")]
    [InlineData("grid_jpeg")]
    [InlineData("grid_ieee")]
    public void ReadField_Grib2PackingTypes_DecodeValuesSetByGribFilter(string packingType)
    {
        string path = _fixture.T2m($"{packingType}.grib2", "regular_ll_sfc_grib2.tmpl",
            $"set packingType = \"{packingType}\";\nset bitsPerValue = 16;");

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(packingType, file.Messages[0].PackingType);
        GribAssert.Values(GribFixture.T2mGrid, field, GribAssert.Tolerance([.. GribFixture.T2mValues], bitsPerValue: 16));
        GribAssert.MatchesGribGetData(field, path, GribAssert.Tolerance([.. GribFixture.T2mValues], bitsPerValue: 16));
    }

    [Theory]
    [InlineData("regular_ll_sfc_grib2.tmpl")]
    [InlineData("regular_ll_sfc_grib1.tmpl")]
    public void ReadField_BitmapWithMissingValues_ReturnsNaNAtMissingPoints(string sample)
    {
        string path = _fixture.Filter("bitmap.grib", sample, $"""
            set shortName = "2t";
            {GribFixture.SmallGridRules}
            set bitmapPresent = 1;
            set missingValue = 9999;
            {GribFixture.ValuesRule([1, 9999, 3, 4, 5, 6, 7, 8, 9, 10, 11, 9999])}
            """);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        GribAssert.Values(new double[,] { { 1, double.NaN, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, double.NaN } }, field, 1e-5);
        Assert.Equal(2, field.Statistics().MissingCount);
        GribAssert.MatchesGribGetData(field, path, 1e-5);
    }

    [Fact]
    public void ReadField_ValueEqualToEcCodesDefaultMissingValueWithoutBitmap_IsKept()
    {
        // 9999 is ecCodes' default missingValue; without a bitmap it is an ordinary value.
        double[] values = [1, 9999, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        string path = _fixture.Filter("no-bitmap.grib2", "regular_ll_sfc_grib2.tmpl",
            $"set shortName = \"2t\";\n{GribFixture.SmallGridRules}\n{GribFixture.ValuesRule(values)}");

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(0, field.Statistics().MissingCount);
        Assert.Equal(9999, field[0, 1], GribAssert.Tolerance(values));
    }

    [Fact]
    public void ReadField_GeopotentialHeightAt500hPaInMultiMessageFile_ConvertsToGeopotentialZ500()
    {
        double[] heights = [5400, 5425.5, 5450, 5475, 5500, 5525, 5550, 5575, 5600, 5625, 5650, 5675.25];
        string t2m = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        string gh = _fixture.Filter("gh500.grib2", "regular_ll_pl_grib2.tmpl", $"""
            set shortName = "gh";
            set typeOfLevel = "isobaricInhPa";
            set level = 500;
            {GribFixture.SmallGridRules}
            {GribFixture.ValuesRule(heights)}
            """);
        string path = _fixture.Concatenate("both.grib2", t2m, gh);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[1]);

        Assert.Equal(new VariableId("z", 500), field.Variable);
        Assert.Equal("m**2 s**-2", field.Units);
        double tolerance = GribAssert.Tolerance(heights, VariableCatalog.StandardGravity);
        Assert.Equal(heights[0] * VariableCatalog.StandardGravity, field[0, 0], tolerance);
        Assert.Equal(heights[^1] * VariableCatalog.StandardGravity, field[2, 3], tolerance);
        GribAssert.MatchesGribGetData(field, path, tolerance, where: "count=2", scale: VariableCatalog.StandardGravity);
        GribAssert.Values(GribFixture.T2mGrid, file.ReadField(file.Messages[0]), s_t2mTolerance);
    }

    [Fact]
    public void ReadField_SurfaceGeopotential_ReturnsStaticOrographyInMetres()
    {
        double[] geopotential = [0, 980.665, 9806.65, 19613.3, 0, 0, 4903.325, 0, 0, 0, 0, 29419.95];
        string path = _fixture.Filter("z-surface.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set typeOfLevel = "surface";
            set shortName = "z";
            {GribFixture.SmallGridRules}
            {GribFixture.ValuesRule(geopotential)}
            """);

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(new VariableId("orography"), field.Variable);
        Assert.Equal("m", field.Units);
        Assert.Null(field.ValidTime);
        double tolerance = GribAssert.Tolerance(geopotential, 1 / VariableCatalog.StandardGravity);
        GribAssert.Values(new double[,] { { 0, 100, 1000, 2000 }, { 0, 0, 500, 0 }, { 0, 0, 0, 3000 } }, field, tolerance);
    }

    [Fact]
    public void ReadField_TemperatureAt850hPa_ResolvesT850()
    {
        string path = _fixture.Filter("t850.grib1", "regular_ll_pl_grib1.tmpl",
            $"set shortName = \"t\";\nset level = 850;\n{GribFixture.SmallGridRules}\n{GribFixture.ValuesRule(GribFixture.T2mValues)}");

        using var file = GribFile.Open(path);
        GriddedField field = file.ReadField(file.Messages[0]);

        Assert.Equal(VariableId.Parse("t850", VariableCatalog.Default), field.Variable);
        GribAssert.Values(GribFixture.T2mGrid, field, s_t2mTolerance);
    }

    [Fact]
    public void ReadField_MultiFieldMessage_ReadsEachFieldOfTheMessage()
    {
        double[] u = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        double[] v = [-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12.5];
        string uPath = _fixture.Filter("u.grib2", "regular_ll_pl_grib2.tmpl",
            $"set shortName = \"u\";\nset level = 850;\n{GribFixture.SmallGridRules}\n{GribFixture.ValuesRule(u)}");
        string vPath = _fixture.Filter("v.grib2", "regular_ll_pl_grib2.tmpl",
            $"set shortName = \"v\";\nset level = 850;\n{GribFixture.SmallGridRules}\n{GribFixture.ValuesRule(v)}");
        string path = _fixture.JoinAsMultiField("uv.grib2", uPath, vPath);
        Assert.Equal(["u", "v"], GribFixture.ListShortNames(path));

        using var file = GribFile.Open(path);
        GriddedField vField = file.ReadField(file.Messages[1]);
        GriddedField uField = file.ReadField(file.Messages[0]);

        Assert.Equal(2, file.Messages.Count);
        Assert.All(file.Messages, m => Assert.Equal(0, m.ByteOffset));
        Assert.Equal([0, 1], file.Messages.Select(m => m.FieldInMessage));
        Assert.Equal(new VariableId("v", 850), vField.Variable);
        Assert.Equal(new VariableId("u", 850), uField.Variable);
        GribAssert.MatchesGribGetData(vField, path, GribAssert.Tolerance(v), where: "shortName=v");
        GribAssert.MatchesGribGetData(uField, path, GribAssert.Tolerance(u), where: "shortName=u");
        Assert.Equal(-12.5, vField[2, 3], GribAssert.Tolerance(v));
    }

    [Fact]
    public void ReadField_ConcurrentReadsOfTwoFiles_ReturnTheSameValuesAsSequentialReads()
    {
        string grib1 = _fixture.T2m("t2m.grib1", "regular_ll_sfc_grib1.tmpl");
        string grib2 = _fixture.Concatenate("t2m-x3.grib2",
            _fixture.T2m("a.grib2", "regular_ll_sfc_grib2.tmpl"),
            _fixture.T2m("b.grib2", "regular_ll_sfc_grib2.tmpl", "set packingType = \"grid_complex\";\nset bitsPerValue = 16;"),
            _fixture.T2m("c.grib2", "regular_ll_sfc_grib2.tmpl", "set packingType = \"grid_ccsds\";"));
        using var first = GribFile.Open(grib1);
        using var second = GribFile.Open(grib2);
        GribFile[] files = [first, second, second, second];
        int[] indices = [0, 0, 1, 2];

        var results = new float[400][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            int which = k % files.Length;
            results[k] = files[which].ReadField(files[which].Messages[indices[which]]).Values;
        });

        for (int k = 0; k < results.Length; k++)
        {
            int which = k % files.Length;
            Assert.Equal(files[which].ReadField(files[which].Messages[indices[which]]).Values, results[k]);
        }
    }
}
