using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.NetCdf;

public sealed class NetCdfDatasetTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(CdlFixture.Classic, NetCdfFormat.Classic)]
    [InlineData(CdlFixture.Offset64, NetCdfFormat.Offset64)]
    [InlineData(CdlFixture.Netcdf4, NetCdfFormat.Netcdf4)]
    public void ReadField_PackedShortsWithFill_UnpacksFlipsLatitudeAndMasksFill(string kind, NetCdfFormat expectedFormat)
    {
        string path = CdlFixture.Write(_dir, "packed", CdlFixture.PackedT2m, kind);

        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        DatasetVariable t2m = dataset.Find("t2m");
        GriddedField field = dataset.ReadField(t2m, timeIndex: 1);

        Assert.Equal(expectedFormat, dataset.File.Format);
        Assert.Equal(new GridSpec(10, 10, 3, 0, 90, 4), t2m.Grid);
        Assert.True(t2m.Grid.IsGlobalWrap);
        // 1108926 h after 1900-01-01 = 2026-07-04 06 UTC (checked with Python datetime).
        Assert.Equal(new DateTime(2026, 7, 4, 6, 0, 0, DateTimeKind.Utc), field.ValidTime);
        Assert.Equal(new DateTime(2026, 7, 4, 0, 0, 0, DateTimeKind.Utc), t2m.Times[0]);
        // Row 0 is now the northernmost (stored last): raw 120..123 at t=1.
        for (int row = 0; row < 3; row++)
        {
            int storedRow = 2 - row;
            for (int col = 0; col < 4; col++)
            {
                double expected = ((100 + (10 * storedRow) + col) * 0.01) + 273.15;
                Assert.Equal(expected, field[row, col], 4);
            }
        }

        GriddedField first = dataset.ReadField(t2m, timeIndex: 0);
        Assert.True(float.IsNaN(first[1, 2]));
        Assert.Equal(1, first.Statistics().MissingCount);
        Assert.Equal("K", field.Units);
    }

    [Fact]
    public void ReadField_MissingValueValidRangeAndLevels_DecodesPressureLevelInCanonicalUnits()
    {
        const string cdl = """
            netcdf levels {
            dimensions:
              time = 1 ;
              level = 2 ;
              lat = 2 ;
              lon = 3 ;
            variables:
              double time(time) ;
                time:units = "days since 2026-01-01" ;
              int level(level) ;
                level:units = "millibar" ;
              double lat(lat) ;
                lat:units = "degrees_north" ;
              double lon(lon) ;
                lon:units = "degrees_east" ;
              float gh(time, level, lat, lon) ;
                gh:units = "gpm" ;
                gh:missing_value = -999.f ;
                gh:valid_range = 0.f, 20000.f ;
            data:
              time = 10.25 ;
              level = 850, 500 ;
              lat = 50, 40 ;
              lon = -20, -10, 0 ;
              gh = 1500, 1510, 1520, 1530, 1540, 1550,
                   5500, -999, 5520, 5530, 25000, 5550 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "levels", cdl, CdlFixture.Netcdf4);

        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        DatasetVariable z = dataset.Find("z");
        GriddedField z500 = dataset.ReadField(z, 0, 500);

        Assert.Equal(new VariableId("z", 500), z500.Variable);
        Assert.Equal([850, 500], z.LevelsHpa);
        Assert.Equal(new DateTime(2026, 1, 11, 6, 0, 0, DateTimeKind.Utc), z500.ValidTime);
        Assert.Equal(5500 * VariableCatalog.StandardGravity, z500[0, 0], 1);
        Assert.True(float.IsNaN(z500[0, 1]));     // missing_value
        Assert.True(float.IsNaN(z500[1, 1]));     // 25000 gpm is outside valid_range
        Assert.Equal("m**2 s**-2", z500.Units);
    }

    [Fact]
    public void ReadField_MinusOneEightyLongitudesAsZeroTo360_RollsColumns()
    {
        const string cdl = """
            netcdf roll {
            dimensions:
              latitude = 1 ;
              longitude = 4 ;
            variables:
              float latitude(latitude) ;
                latitude:units = "degrees_north" ;
              float longitude(longitude) ;
                longitude:units = "degrees_east" ;
              float msl(latitude, longitude) ;
                msl:units = "hPa" ;
            data:
              latitude = 45 ;
              longitude = -180, -90, 0, 90 ;
              msl = 1000, 1001, 1002, 1003 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "roll", cdl, CdlFixture.Classic);

        using NetCdfDataset native = NetCdfDataset.Open(path);
        using NetCdfDataset rolled = NetCdfDataset.Open(path, new NetCdfReadOptions { Longitudes = LongitudeConvention.ZeroTo360 });
        GriddedField a = native.ReadField(native.Find("msl"));
        GriddedField b = rolled.ReadField(rolled.Find("msl"));

        Assert.Equal(-180, a.Grid.FirstLongitude);
        Assert.Equal(0, b.Grid.FirstLongitude);
        Assert.Equal([100200f, 100300f, 100000f, 100100f], b.Values);   // hPa → Pa, columns 0, 90, 180, 270
        Assert.Equal([100000f, 100100f, 100200f, 100300f], a.Values);
    }

    [Fact]
    public void ReadField_LongitudeBeforeLatitude_Transposes()
    {
        const string cdl = """
            netcdf transposed {
            dimensions:
              lon = 3 ;
              lat = 2 ;
            variables:
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float tcc(lon, lat) ;
                tcc:units = "(0 - 1)" ;
            data:
              lon = 0, 1, 2 ;
              lat = 1, 0 ;
              tcc = 0.0, 0.1, 0.2, 0.3, 0.4, 0.5 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "transposed", cdl, CdlFixture.Classic);

        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        GriddedField tcc = dataset.ReadField(dataset.Find("tcc"));

        Assert.Equal(0.0f, tcc[0, 0]);
        Assert.Equal(0.2f, tcc[0, 1]);
        Assert.Equal(0.4f, tcc[0, 2]);
        Assert.Equal(0.1f, tcc[1, 0]);
    }

    [Fact]
    public void ReadField_CelsiusAndAlias_ConvertsToKelvin()
    {
        const string cdl = """
            netcdf celsius {
            dimensions:
              lat = 1 ;
              lon = 2 ;
            variables:
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float tas(lat, lon) ;
                tas:units = "degC" ;
            data:
              lat = 0 ; lon = 0, 1 ;
              tas = 0, 25.5 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "celsius", cdl, CdlFixture.Classic);

        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        GriddedField t2m = dataset.ReadField(dataset.Find("t2m"));

        Assert.Equal(new VariableId("t2m"), t2m.Variable);
        Assert.Equal(273.15f, t2m.Values[0], 3);
        Assert.Equal(298.65f, t2m.Values[1], 3);
    }

    [Fact]
    public void ReadField_LeadDimensionAfterSingleReferenceTime_GivesValidTimes()
    {
        // The layout cfgrib and grib_to_netcdf use for one forecast: time(1) = init, step(n) = lead in hours.
        const string cdl = """
            netcdf steps {
            dimensions:
              time = 1 ; step = 3 ; latitude = 1 ; longitude = 2 ;
            variables:
              int time(time) ;
                time:units = "seconds since 1970-01-01" ;
                time:standard_name = "forecast_reference_time" ;
              double step(step) ;
                step:units = "hours" ;
                step:standard_name = "forecast_period" ;
              float latitude(latitude) ;
                latitude:units = "degrees_north" ;
              float longitude(longitude) ;
                longitude:units = "degrees_east" ;
              float t2m(time, step, latitude, longitude) ;
                t2m:units = "K" ;
            data:
              time = 1795608000 ; step = 0, 6, 12 ; latitude = 50 ; longitude = 0, 1 ;
              t2m = 270, 271, 272, 273, 274, 275 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "steps", cdl, CdlFixture.Netcdf4);

        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        DatasetVariable t2m = dataset.Find("2t");
        GriddedField at12 = dataset.ReadField(t2m, timeIndex: 2);

        // 1795608000 s after 1970-01-01 = 2026-11-25 12 UTC (checked with Python datetime).
        Assert.Equal(new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc), at12.ValidTime);
        Assert.Equal([274f, 275f], at12.Values);
        Assert.Equal(3, t2m.Times.Count);
    }

    [Fact]
    public void Open_TimeWithoutUnits_RefusedForTheVariableUnlessOriginSupplied()
    {
        const string cdl = """
            netcdf nounits {
            dimensions:
              time = 1 ; lat = 1 ; lon = 1 ;
            variables:
              double time(time) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float t2m(time, lat, lon) ;
                t2m:units = "K" ;
            data:
              time = 6 ; lat = 0 ; lon = 0 ; t2m = 280 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "nounits", cdl, CdlFixture.Classic);

        using (NetCdfDataset without = NetCdfDataset.Open(path))
        {
            TimeAxisException error = Assert.Throws<TimeAxisException>(() => without.Find("t2m"));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Equal("time", error.Variable);
            Assert.Equal("t2m", Assert.Single(without.Problems).Variable);
        }

        using NetCdfDataset dataset = NetCdfDataset.Open(path, new NetCdfReadOptions { TimeUnitsFallback = "hours since 2026-11-25 00:00" });
        Assert.Equal(new DateTime(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc), dataset.Find("t2m").Times[0]);
    }

    [Fact]
    public void Open_NoLeapCalendar_RefusedForTheVariableByName()
    {
        const string cdl = """
            netcdf noleap {
            dimensions:
              time = 1 ; lat = 1 ; lon = 1 ;
            variables:
              double time(time) ;
                time:units = "days since 2000-01-01" ;
                time:calendar = "noleap" ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float t2m(time, lat, lon) ;
            data:
              time = 0 ; lat = 0 ; lon = 0 ; t2m = 280 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "noleap", cdl, CdlFixture.Classic);

        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        TimeAxisException error = Assert.Throws<TimeAxisException>(() => dataset.Find("t2m"));
        Assert.Contains("noleap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_MissingVariable_NamesFileVariableAndWhatExists()
    {
        string path = CdlFixture.Write(_dir, "packed", CdlFixture.PackedT2m, CdlFixture.Classic);
        using NetCdfDataset dataset = NetCdfDataset.Open(path);

        VariableNotFoundException error = Assert.Throws<VariableNotFoundException>(() => dataset.Find("msl"));

        Assert.Equal("msl", error.Variable);
        Assert.Equal(path, error.FilePath);
        Assert.Contains("t2m", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnknownDimensionLongerThanOne_KeepsTheVariableAsAProblemNamingTheDimension()
    {
        const string cdl = """
            netcdf members {
            dimensions:
              number = 2 ; lat = 1 ; lon = 1 ;
            variables:
              int number(number) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float t2m(number, lat, lon) ;
            data:
              number = 0, 1 ; lat = 0 ; lon = 0 ; t2m = 280, 281 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "members", cdl, CdlFixture.Netcdf4);

        // The file opens; the variable it cannot place is a problem of its own, raised when the variable is asked for.
        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        DatasetProblem problem = Assert.Single(dataset.Problems);
        Assert.Empty(dataset.Variables);
        Assert.Equal("t2m", problem.Variable);
        DimensionMismatchException error = Assert.Throws<DimensionMismatchException>(() => dataset.Find("t2m"));

        Assert.Equal("t2m", error.Variable);
        Assert.Contains("number", error.Message, StringComparison.Ordinal);
        Assert.Same(problem.Error, error);
    }

    [Fact]
    public void Open_DimensionNamedByTheOptions_IsPlacedByThatName()
    {
        const string cdl = """
            netcdf timestep {
            dimensions:
              timestep = 2 ; lat = 1 ; lon = 2 ;
            variables:
              double timestep(timestep) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float u(timestep, lat, lon) ;
            data:
              timestep = 0, 6 ; lat = 50 ; lon = 0, 1 ; u = 1, 2, 3, 4 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "timestep", cdl, CdlFixture.Classic);
        var options = new NetCdfReadOptions
        {
            DimensionNames = new Dictionary<string, string> { ["timestep"] = "time" },
            TimeUnitsFallback = "hours since 2025-01-01 00:00",
        };

        using (NetCdfDataset without = NetCdfDataset.Open(path, options with { DimensionNames = new Dictionary<string, string>() }))
        {
            Assert.Contains("\"dimensions\": { \"timestep\": \"time\" }", Assert.Single(without.Problems).Error.Message, StringComparison.Ordinal);
        }

        using NetCdfDataset dataset = NetCdfDataset.Open(path, options);
        DatasetVariable u = dataset.Find("u");
        Assert.Equal([new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 6, 0, 0, DateTimeKind.Utc)], u.Times);
        Assert.Equal([3f, 4f], dataset.ReadField(u, 1).Values);
        Assert.Equal(["timestep", "lat", "lon"], u.DimensionNames);
    }

    [Fact]
    public void ReadField_AllFill_RaisesEmptyField()
    {
        const string cdl = """
            netcdf allfill {
            dimensions:
              lat = 2 ; lon = 2 ;
            variables:
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float tp(lat, lon) ;
                tp:units = "m" ;
                tp:_FillValue = -1.f ;
            data:
              lat = 1, 0 ; lon = 0, 1 ; tp = _, _, _, _ ;
            }
            """;
        string path = CdlFixture.Write(_dir, "allfill", cdl, CdlFixture.Netcdf4);
        using NetCdfDataset dataset = NetCdfDataset.Open(path);

        EmptyFieldException error = Assert.Throws<EmptyFieldException>(() => dataset.ReadField(dataset.Find("tp")));

        Assert.Equal("tp", error.Variable);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Open_TruncatedFile_RaisesNamingTheFile()
    {
        string path = CdlFixture.Write(_dir, "packed", CdlFixture.PackedT2m, CdlFixture.Netcdf4);
        byte[] bytes = File.ReadAllBytes(path);
        string truncated = _dir.File("truncated.nc");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        DataFileException error = Assert.ThrowsAny<DataFileException>(() =>
        {
            using NetCdfDataset dataset = NetCdfDataset.Open(truncated);
            dataset.ReadField(dataset.Find("t2m"));
        });

        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TextFile_RaisesNamingTheFile()
    {
        string path = _dir.File("notes.nc");
        File.WriteAllText(path, "this is not a netCDF file\n");

        NetCdfException direct = Assert.Throws<NetCdfException>(() => NetCdfDataset.Open(path));
        DataFileException viaDetection = Assert.ThrowsAny<DataFileException>(() => GriddedFile.Open(path));

        Assert.Equal(path, direct.FilePath);
        Assert.Contains("not a netCDF or GRIB file", viaDetection.Message, StringComparison.Ordinal);
    }
}
