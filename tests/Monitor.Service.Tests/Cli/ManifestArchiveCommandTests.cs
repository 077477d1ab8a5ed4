using System.Globalization;
using System.Text.Json;

namespace Monitor.Service.Tests.Cli;

/// <summary>
/// <c>inspect</c>, <c>train</c> and <c>evaluate</c> on a manifest archive of ncgen-written netCDF-3 files as a forecast
/// system writes them: time dimension <c>timestep</c> without units, 2 m temperature called <c>t</c>, surface and
/// 500 hPa wind in two files that both call it <c>u</c>, and one variable under a name the catalogue does not know.
/// </summary>
public sealed class ManifestArchiveCommandTests : IDisposable
{
    private const int Steps = 24, Cells = 12;
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public ManifestArchiveCommandTests()
    {
        WriteFile("T2M", "t", T2m);
        WriteFile("U", "u", U10);
        WriteFile("U500", "u", U500);
        WriteFile("W", "wspd", (step, cell) => Math.Abs(U10(step, cell)));
        File.WriteAllText(Manifest, """
            {
              "files": ["*.nc"],
              "dimensions": { "timestep": "time" },
              "timeUnits": "hours since 2025-01-01 00:00",
              "aliases": { "t": "t2m" },
              "perFile": [
                { "file": "U.nc", "aliases": { "u": "u10" } },
                { "file": "U500.nc", "aliases": { "u": "u500" } }
              ]
            }
            """);
    }

    private string Manifest => _dir.File("manifest.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Inspect_Manifest_ShowsEachFileAsTheManifestReadsIt()
    {
        CliRun run = await CliRun.InvokeAsync(Time, "inspect", Manifest, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement[] files = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(["T2M.nc", "U.nc", "U500.nc", "W.nc"], files.Select(f => Path.GetFileName(f.GetProperty("path").GetString())));
        JsonElement[] surface = [.. files[1].GetProperty("fields").EnumerateArray()];
        JsonElement[] upper = [.. files[2].GetProperty("fields").EnumerateArray()];
        Assert.Equal(Steps, surface.Length);
        Assert.All(surface, f => Assert.Equal(("u10", "u"), (f.GetProperty("name").GetString(), f.GetProperty("nameInFile").GetString())));
        Assert.All(upper, f => Assert.Equal("u500", f.GetProperty("name").GetString()));
        Assert.Equal(new DateTime(2025, 1, 1, 6, 0, 0, DateTimeKind.Utc), surface[1].GetProperty("validTime").GetDateTime());
        Assert.Equal(Enumerable.Range(0, Cells).Average(c => (double)U500(1, c)), upper[1].GetProperty("mean").GetDouble(), 4);
        Assert.Equal("K", files[0].GetProperty("fields")[0].GetProperty("units").GetString());
        JsonElement unknown = files[3].GetProperty("fields").EnumerateArray().Single();
        Assert.Equal("wspd", unknown.GetProperty("nameInFile").GetString());
        Assert.Contains("not in the variable catalogue", unknown.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAndEvaluate_OnTheManifest_Run_AndALevelTheFilesDoNotHoldIsRefused()
    {
        string model = _dir.File("model");

        CliRun train = await CliRun.InvokeAsync(Time, "train", "--archive", Manifest, "--arch", "linear", "--target", "t2m",
            "--inputs", "u10,u500", "--train-period", "2025-01-01..2025-01-04", "--valid-period", "2025-01-05..2025-01-06",
            "--epochs", "1", "--out", model);
        CliRun evaluate = await CliRun.InvokeAsync(Time, "evaluate", "--model", model, "--archive", Manifest, "--period", "2025-01-05..2025-01-06");
        CliRun refused = await CliRun.InvokeAsync(Time, "train", "--archive", Manifest, "--arch", "linear", "--target", "t2m",
            "--inputs", "u10,u850", "--train-period", "2025-01-01..2025-01-04", "--valid-period", "2025-01-05..2025-01-06",
            "--epochs", "1", "--out", _dir.File("refused"));

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(File.Exists(Path.Combine(model, "model.json")));
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("over 8 cycles", evaluate.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(Manifest, refused.Error, StringComparison.Ordinal);
        Assert.Contains("no 'u850'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("the archive has u500", refused.Error, StringComparison.Ordinal);
    }

    private static float U10(int step, int cell) => (float)(10 * Math.Sin((1.3 * step) + (0.7 * cell)));

    private static float U500(int step, int cell) => (float)(20 * Math.Cos((0.37 * step * step) + cell));

    private static float T2m(int step, int cell) => (float)(280 + (0.5 * U10(step, cell)) - (0.25 * U500(step, cell)));

    /// <summary>Writes NAME.nc with ncgen: <paramref name="variable"/>(timestep, lat, lon) on 3 × 4 cells, hours without units.</summary>
    private void WriteFile(string name, string variable, Func<int, int, float> value)
    {
        var c = CultureInfo.InvariantCulture;
        string data = string.Join(",\n    ", Enumerable.Range(0, Steps).Select(step =>
            string.Join(", ", Enumerable.Range(0, Cells).Select(cell => value(step, cell).ToString("R", c)))));
        string cdl = $$"""
            netcdf {{name}} {
            dimensions:
              timestep = UNLIMITED ; lat = 3 ; lon = 4 ;
            variables:
              double timestep(timestep) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float {{variable}}(timestep, lat, lon) ;
            data:
              timestep = {{string.Join(", ", Enumerable.Range(0, Steps).Select(k => (6 * k).ToString(c)))}} ;
              lat = 50, 45, 40 ; lon = 0, 5, 10, 15 ;
              {{variable}} = {{data}} ;
            }
            """;
        string cdlPath = _dir.File(name + ".cdl");
        File.WriteAllText(cdlPath, cdl);
        using var ncgen = System.Diagnostics.Process.Start("ncgen", ["-k", "classic", "-o", _dir.File(name + ".nc"), cdlPath]);
        ncgen.WaitForExit();
        Assert.Equal(0, ncgen.ExitCode);
    }
}
