using System.Globalization;
using System.Text;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Formats.NetCdf;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Evaluation;
using Monitor.Core.Transfer.Training;

namespace Monitor.Core.Tests.Cycles;

/// <summary>
/// A forecast archive as issue 16 found one, written by ncgen (an independent writer) as netCDF-3: one file per
/// variable, the time dimension named <c>timestep</c> holding hours without units, no units on any variable, 2 m
/// temperature called <c>t</c> (the catalogue's name for temperature on pressure levels), surface and 500 hPa wind in
/// two files that both call it <c>u</c> (the 500 hPa file with its own dimension name and time origin), and geopotential
/// in a file with a real level dimension. The manifest describes it without editing a file.
/// </summary>
public sealed class ManifestFileSettingsTests : IDisposable
{
    private const int Steps = 24, Rows = 3, Columns = 4;
    private static readonly DateTime s_origin = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TemporaryDirectory _dir = new();

    public ManifestFileSettingsTests()
    {
        CdlFixture.Write(_dir, "T2M", Cdl("t", "timestep", 0, step => Field(c => T2m(step, c))), CdlFixture.Classic);
        CdlFixture.Write(_dir, "U", Cdl("u", "timestep", 0, step => Field(c => U10(step, c))), CdlFixture.Classic);
        // Hours since 2024-12-31 18:00: step k is at 6 + 6k, the same instants as the other files.
        CdlFixture.Write(_dir, "U500", Cdl("u", "nt", 6, step => Field(c => U500(step, c))), CdlFixture.Classic);
        CdlFixture.Write(_dir, "Z", Cdl("z", "timestep", 0, step => Field(_ => 50000f + step) + ", " + Field(_ => 14000f + step), [500, 850]), CdlFixture.Classic);
        WriteManifest("manifest.json", """
            {
              // the forecast archive: time dimension 'timestep' in hours without units; 2 m temperature called 't'
              "files": ["*.nc"],
              "dimensions": { "timestep": "time" },
              "timeUnits": "hours since 2025-01-01 00:00",
              "aliases": { "t": "t2m" },
              "perFile": [
                { "file": "./U.nc", "aliases": { "u": "u10" } },  // a path as users write it
                { "file": "U5*.nc", "aliases": { "u": "u500" }, "dimensions": { "nt": "time" }, "timeUnits": "hours since 2024-12-31 18:00" }
              ]
            }
            """);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_RenamedTimeDimensionWithoutUnits_PerFileAliasesAndAnAliasOverridingTheCatalogue()
    {
        using var archive = new ManifestArchive(_dir.File("manifest.json"));

        IReadOnlyList<CycleId> cycles = archive.CyclesIn(TimePeriod.Parse("2024-12-01..2025-12-31"));
        CycleData data = archive.Read(cycles[5], [new("t2m"), new("u10"), new("u", 500), new("z", 500), new("z", 850)]);

        Assert.Equal(["t2m", "u10", "u500", "z500", "z850"], archive.VariableNames.Order(StringComparer.Ordinal));
        Assert.Equal(Steps, cycles.Count);
        Assert.Equal(s_origin, cycles[0].InitTime);
        Assert.Equal(s_origin.AddHours(30), cycles[5].InitTime);
        for (int cell = 0; cell < Rows * Columns; cell++)
        {
            Assert.Equal(T2m(5, cell), data.Field(0, 0)[cell]);
            Assert.Equal(U10(5, cell), data.Field(0, 1)[cell]);
            Assert.Equal(U500(5, cell), data.Field(0, 2)[cell]);
            Assert.Equal(50005f, data.Field(0, 3)[cell]);
            Assert.Equal(14005f, data.Field(0, 4)[cell]);
        }

        Assert.Equal((Rows, Columns), (archive.Grid.LatitudeCount, archive.Grid.LongitudeCount));
    }

    [Fact]
    public void LevelLessFiles_NeverAnswerForAnotherLevel_AndTheErrorNamesTheManifestVariableAndFiles()
    {
        using var archive = new ManifestArchive(_dir.File("manifest.json"));
        CycleId cycle = archive.CyclesIn(TimePeriod.Parse("2025-01-01..2025-01-31"))[0];

        var error = Assert.Throws<CycleDataException>(() => archive.Read(cycle, [new("u", 850)]));

        Assert.False(archive.Has(cycle, new("u", 850), 0));
        Assert.Contains(_dir.File("manifest.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("no 'u850'", error.Message, StringComparison.Ordinal);
        Assert.Contains("looked in T2M.nc, U.nc, U500.nc, Z.nc", error.Message, StringComparison.Ordinal);
        Assert.Contains("the archive has u500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimeTheFilesDoNotHold_NamesTheFilesThatHoldTheVariable()
    {
        using var archive = new ManifestArchive(_dir.File("manifest.json"));

        var error = Assert.Throws<KeyNotFoundException>(() => archive.Read(CycleId.Parse("2025020100"), [new("u", 500)]));

        Assert.Contains($"{_dir.File("manifest.json")} has no 'u500' at 2025-02-01 00:00 UTC; U500.nc holds it at other times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LevelLessFileWithoutALevelInTheManifest_IsRefusedForALevel_NamingTheFileAndTheFix()
    {
        WriteManifest("no-level.json", """
            {
              "files": ["T2M.nc", "U500.nc"],
              "dimensions": { "timestep": "time" },
              "timeUnits": "hours since 2025-01-01 00:00",
              "aliases": { "t": "t2m" },
              "perFile": [ { "file": "U500.nc", "dimensions": { "nt": "time" }, "timeUnits": "hours since 2024-12-31 18:00" } ]
            }
            """);
        using var archive = new ManifestArchive(_dir.File("no-level.json"));
        CycleId cycle = archive.CyclesIn(TimePeriod.Parse("2025-01-01..2025-01-31"))[0];

        var error = Assert.Throws<DataFileException>(() => archive.Read(cycle, [new("t2m"), new("u", 500)]));

        Assert.Equal(["t2m", "u"], archive.VariableNames.Order(StringComparer.Ordinal));
        Assert.Equal(_dir.File("U500.nc"), error.FilePath);
        Assert.Contains("'u500' asks for the 500 hPa level", error.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.File("no-level.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("\"perFile\": [{ \"file\": \"U500.nc\", \"aliases\": { \"u\": \"u500\" } }]", error.Message, StringComparison.Ordinal);
        Assert.False(archive.Has(cycle, new("u", 500), 0));
    }

    [Fact]
    public void TwoFilesHoldingTheSameField_AreRefused_NamingBothFiles()
    {
        WriteManifest("same-name.json", """
            {
              "files": ["U.nc", "U500.nc"],
              "dimensions": { "timestep": "time" },
              "timeUnits": "hours since 2025-01-01 00:00",
              "perFile": [ { "file": "U500.nc", "dimensions": { "nt": "time" }, "timeUnits": "hours since 2024-12-31 18:00" } ]
            }
            """);

        var error = Assert.Throws<DataFileException>(() => new ManifestArchive(_dir.File("same-name.json")));

        Assert.Equal(_dir.File("U500.nc"), error.FilePath);
        Assert.Contains("as does U.nc", error.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.File("same-name.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOnAnotherGrid_IsRefused_NamingItAndTheManifest()
    {
        CdlFixture.Write(_dir, "Shifted", Cdl("u", "timestep", 0, step => Field(c => U10(step, c)), latitudes: "51, 46, 41"), CdlFixture.Classic);
        WriteManifest("shifted.json", """
            { "files": ["T2M.nc", "Shifted.nc"], "dimensions": { "timestep": "time" }, "timeUnits": "hours since 2025-01-01 00:00", "aliases": { "t": "t2m" } }
            """);

        var error = Assert.Throws<DimensionMismatchException>(() => new ManifestArchive(_dir.File("shifted.json")));

        // Files are indexed in path order: the archive's grid is Shifted.nc's, and T2M.nc is the one that differs.
        Assert.Equal(_dir.File("T2M.nc"), error.FilePath);
        Assert.Contains("differs from the archive's grid", error.Message, StringComparison.Ordinal);
        Assert.Contains("that of Shifted.nc", error.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.File("shifted.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALevelAliasForAFileWithLevels_IsRefused()
    {
        WriteManifest("z-alias.json", """
            {
              "files": ["Z.nc"],
              "dimensions": { "timestep": "time" },
              "timeUnits": "hours since 2025-01-01 00:00",
              "perFile": [ { "file": "Z.nc", "aliases": { "z": "z500" } } ]
            }
            """);

        var error = Assert.Throws<DataFileException>(() => new ManifestArchive(_dir.File("z-alias.json")));

        Assert.Equal(_dir.File("Z.nc"), error.FilePath);
        Assert.Contains("has pressure levels 500, 850 hPa", error.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.File("z-alias.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheDimensionName_TheArchiveIsRefused_NamingTheFilesAndWhatCouldNotBePlaced()
    {
        WriteManifest("no-dimensions.json", """{ "files": ["*.nc"], "timeUnits": "hours since 2025-01-01 00:00" }""");

        var error = Assert.Throws<ArgumentException>(() => new ManifestArchive(_dir.File("no-dimensions.json")));

        Assert.Contains(_dir.File("no-dimensions.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("looked in T2M.nc, U.nc, U500.nc, Z.nc", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot place 'timestep'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "files": ["*.nc"], "time_units": "hours since 2025-01-01" }""", "time_units")]
    [InlineData("""{ "files": ["*.nc"], "aliases": { "t": "temperature" } }""", "alias 't' names unknown variable 'temperature'")]
    [InlineData("""{ "files": ["*.nc"], "perFile": [ { "file": "V*.nc", "aliases": { "v": "v10" } } ] }""", "perFile entry \"V*.nc\" matches none")]
    [InlineData("""{ "files": ["*.nc"], "dimensions": { "timestep": "steps" } }""", "dimension 'timestep' is named 'steps'")]
    public void AnInvalidManifest_IsRefused_NamingItAndTheProblem(string json, string problem)
    {
        WriteManifest("invalid.json", json);

        var error = Assert.Throws<ArgumentException>(() => new ManifestArchive(_dir.File("invalid.json")));

        Assert.Contains(_dir.File("invalid.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainAndEvaluate_OnTheManifest_ReadsEachInputFromItsOwnFile()
    {
        string model = _dir.File("model");
        Trainer.Train(new TrainingOptions
        {
            Archive = _dir.File("manifest.json"),
            Target = "t2m",
            Inputs = ["u10", "u500"],
            Architecture = Architecture.Linear,
            TrainPeriod = TimePeriod.Parse("2025-01-01..2025-01-04"),
            ValidPeriod = TimePeriod.Parse("2025-01-05..2025-01-06"),
            MaxEpochs = 1,
            OutputDirectory = model,
        });
        using var archive = new ManifestArchive(_dir.File("manifest.json"));
        using TransferModel loaded = TransferModel.Load(model);
        using EvaluationBaselines baselines = EvaluationBaselines.Fit(loaded.Spec, archive);

        EvaluationReport report = Evaluator.Evaluate(loaded, archive, TimePeriod.Parse("2025-01-05..2025-01-06"), baselines);

        // t2m = 280 + 0.5·u10 − 0.25·u500 per cell: exact only if each input comes from its own file.
        Assert.Equal(8, report.Cycles);
        Assert.True(report.Overall[Evaluator.LinearKey].R2 > 0.9999, $"exact linear fit R² {report.Overall[Evaluator.LinearKey].R2}");
        var refused = Assert.Throws<CycleDataException>(() => Trainer.Train(new TrainingOptions
        {
            Archive = _dir.File("manifest.json"),
            Target = "t2m",
            Inputs = ["u10", "u850"],
            Architecture = Architecture.Linear,
            TrainPeriod = TimePeriod.Parse("2025-01-01..2025-01-04"),
            ValidPeriod = TimePeriod.Parse("2025-01-05..2025-01-06"),
            MaxEpochs = 1,
            OutputDirectory = _dir.File("refused"),
        }));
        Assert.Contains("no 'u850'", refused.Message, StringComparison.Ordinal);
    }

    private static float U10(int step, int cell) => (float)(10 * Math.Sin((1.3 * step) + (0.7 * cell)));

    private static float U500(int step, int cell) => (float)(20 * Math.Cos((0.37 * step * step) + cell));

    private static float T2m(int step, int cell) => (float)(280 + (0.5 * U10(step, cell)) - (0.25 * U500(step, cell)));

    private static string Field(Func<int, float> value) =>
        string.Join(", ", Enumerable.Range(0, Rows * Columns).Select(c => value(c).ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>CDL of one variable on (time dimension, [level], lat, lon), the time coordinate without units.</summary>
    private static string Cdl(string variable, string timeDimension, int firstHour, Func<int, string> step, int[]? levelsHpa = null,
        string latitudes = "50, 45, 40")
    {
        var cdl = new StringBuilder();
        cdl.AppendLine(CultureInfo.InvariantCulture, $"netcdf {variable} {{");
        cdl.AppendLine("dimensions:");
        cdl.AppendLine(CultureInfo.InvariantCulture, $"  {timeDimension} = UNLIMITED ;");
        if (levelsHpa is not null)
        {
            cdl.AppendLine(CultureInfo.InvariantCulture, $"  level = {levelsHpa.Length} ;");
        }

        cdl.AppendLine("  lat = 3 ;\n  lon = 4 ;\nvariables:");
        cdl.AppendLine(CultureInfo.InvariantCulture, $"  double {timeDimension}({timeDimension}) ;");
        if (levelsHpa is not null)
        {
            cdl.AppendLine("  int level(level) ;\n    level:units = \"hPa\" ;");
        }

        cdl.AppendLine("  float lat(lat) ;\n    lat:units = \"degrees_north\" ;\n  float lon(lon) ;\n    lon:units = \"degrees_east\" ;");
        string dimensions = levelsHpa is null ? $"{timeDimension}, lat, lon" : $"{timeDimension}, level, lat, lon";
        cdl.AppendLine(CultureInfo.InvariantCulture, $"  float {variable}({dimensions}) ;");
        cdl.AppendLine("data:");
        cdl.AppendLine(CultureInfo.InvariantCulture, $"  {timeDimension} = {string.Join(", ", Enumerable.Range(0, Steps).Select(k => firstHour + (6 * k)))} ;");
        if (levelsHpa is not null)
        {
            cdl.AppendLine(CultureInfo.InvariantCulture, $"  level = {string.Join(", ", levelsHpa)} ;");
        }

        cdl.AppendLine(CultureInfo.InvariantCulture, $"  lat = {latitudes} ;\n  lon = 0, 5, 10, 15 ;");
        cdl.AppendLine(CultureInfo.InvariantCulture, $"  {variable} = {string.Join(",\n    ", Enumerable.Range(0, Steps).Select(step))} ;");
        cdl.AppendLine("}");
        return cdl.ToString();
    }

    private void WriteManifest(string name, string json) => File.WriteAllText(_dir.File(name), json);
}
