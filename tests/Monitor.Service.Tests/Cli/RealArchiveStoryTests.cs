using System.Globalization;
using System.Text.Json;
using Monitor.Core.Formats.NetCdf;

namespace Monitor.Service.Tests.Cli;

/// <summary>
/// The archive a user brings, as issue 16 found it, written by ncgen (an independent tool): one netCDF-3 file per
/// variable on an odd 33 × 36 grid (1.25° × 2.5°), a time dimension named <c>timestep</c> holding hours without units,
/// no units on the variables, surface and 500 hPa winds in separate files that all call them <c>u</c> and <c>v</c>,
/// four corner cells always missing, and one time step missing entirely. Described by a manifest, it is inspected,
/// trained on (a depth-3 U-Net, which pads 33 rows to 40), evaluated, predicted and explained without editing a file,
/// and a level the files do not hold is refused.
/// </summary>
public sealed class RealArchiveStoryTests : IDisposable
{
    private const int Steps = 40, Rows = 33, Columns = 36, MissingStep = 17;
    private const float Fill = -9999f;
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public RealArchiveStoryTests()
    {
        WriteFile("T2M", "t", T2m);
        WriteFile("U10", "u", U10);
        WriteFile("V10", "v", V10);
        WriteFile("U500", "u", U500);
        WriteFile("V500", "v", (step, row, column) => -U500(step, column % Rows, row % Columns));
        File.WriteAllText(Manifest, """
            {
              "files": ["*.cdf"],
              "dimensions": { "timestep": "time" },
              "timeUnits": "hours since 2025-03-01 00:00",
              "aliases": { "t": "t2m" },
              "perFile": [
                { "file": "U10.cdf", "aliases": { "u": "u10" } },
                { "file": "V10.cdf", "aliases": { "v": "v10" } },
                { "file": "U500.cdf", "aliases": { "u": "u500" } },
                { "file": "V500.cdf", "aliases": { "v": "v500" } }
              ]
            }
            """);
    }

    private string Manifest => _dir.File("manifest.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TheArchive_IsInspectedTrainedEvaluatedPredictedAndExplained_WithoutEditingAFile()
    {
        string model = _dir.File("model"), explanation = _dir.File("explanation.nc");

        CliRun inspect = await CliRun.InvokeAsync(Time, "inspect", Manifest, "--json");
        CliRun train = await CliRun.InvokeAsync(Time, "train", "--archive", Manifest, "--arch", "unet", "--depth", "3", "--width", "4",
            "--target", "t2m", "--inputs", "u10,v10,u500,v500", "--train-period", "2025-03-01..2025-03-07",
            "--valid-period", "2025-03-08..2025-03-09", "--epochs", "2", "--out", model);
        CliRun evaluate = await CliRun.InvokeAsync(Time, "evaluate", "--model", model, "--archive", Manifest, "--period", "2025-03-08..2025-03-10");
        CliRun predict = await CliRun.InvokeAsync(Time, "predict", "--model", model, "--archive", Manifest, "--time", "2025-03-09T06");
        CliRun explain = await CliRun.InvokeAsync(Time, "explain", "--model", model, "--archive", Manifest, "--time", "2025-03-09T06",
            "--lead", "0", "--region", "40,50,-10,10", "--reference", "training-mean", "--out", explanation);
        CliRun level = await CliRun.InvokeAsync(Time, "train", "--archive", Manifest, "--arch", "linear", "--target", "t2m",
            "--inputs", "u10,u850", "--train-period", "2025-03-01..2025-03-07", "--valid-period", "2025-03-08..2025-03-09",
            "--epochs", "1", "--out", _dir.File("refused"));

        Assert.True(inspect.ExitCode == 0, inspect.Error);
        using (JsonDocument json = JsonDocument.Parse(inspect.Output))
        {
            JsonElement[] files = [.. json.RootElement.EnumerateArray()];
            Assert.Equal(5, files.Length);
            Assert.All(files, f => Assert.Equal(Steps, f.GetProperty("fields").GetArrayLength()));
            Assert.Equal(["t2m", "u10", "u500", "v10", "v500"], files.Select(f => f.GetProperty("fields")[0].GetProperty("name").GetString()).Order());
        }

        Assert.True(train.ExitCode == 0, train.Error);
        // The entirely missing step is skipped, counted and named; the corner cells are masked, so the loss stays finite.
        Assert.Contains("1 sample(s) skipped for missing data", train.Output, StringComparison.Ordinal);
        Assert.Contains("2025-03-05 06", train.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", train.Output, StringComparison.Ordinal);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.True(explain.ExitCode == 0, explain.Error);
        Assert.Contains("relative to the training mean of every input", explain.Output, StringComparison.Ordinal);
        using (NetCdfFile file = NetCdfFile.Open(explanation))
        {
            Assert.Equal([Rows, Columns], file.Variable("relevance_u10").Shape.Select(s => (int)s));
            double output = file.GlobalAttributes["output_relevance"].Numbers[0], input = file.GlobalAttributes["input_relevance"].Numbers[0];
            Assert.True(output != 0);
            // Relative to a reference the inputs carry the deviation; layer-depth-signed's ε layers absorb a little.
            Assert.True(Math.Abs(input - output) <= 0.1 * Math.Abs(output), $"inputs {input}, output {output}");
        }

        Assert.Equal(1, level.ExitCode);
        Assert.Contains("no 'u850'", level.Error, StringComparison.Ordinal);
    }

    private static float U10(int step, int row, int column) => (float)(8 * Math.Sin((0.9 * step) + (0.3 * row) - (0.2 * column)));

    private static float V10(int step, int row, int column) => (float)(6 * Math.Cos((0.5 * step) - (0.25 * row) + (0.35 * column)));

    private static float U500(int step, int row, int column) => (float)(20 + (12 * Math.Sin((0.21 * step) + (0.15 * column) + (0.1 * row))));

    /// <summary>t2m depends on the winds at the cell and one cell west: a convolution can represent it exactly.</summary>
    private static float T2m(int step, int row, int column) => (float)(285 - (0.3 * row) + (0.5 * U10(step, row, column))
        - (0.4 * V10(step, row, Math.Max(0, column - 1))) + (0.1 * U500(step, row, column)));

    /// <summary>
    /// Writes NAME.cdf with ncgen (netCDF-3 classic): <paramref name="variable"/>(timestep, lat, lon) without units,
    /// 60…20°N by 1.25°, 45°W…42.5°E by 2.5°, hours without units; the four corner cells and step
    /// <see cref="MissingStep"/> hold the fill value.
    /// </summary>
    private void WriteFile(string name, string variable, Func<int, int, int, float> value)
    {
        var c = CultureInfo.InvariantCulture;
        bool Missing(int step, int row, int column) => step == MissingStep || ((row == 0 || row == Rows - 1) && (column == 0 || column == Columns - 1));
        string data = string.Join(",\n    ", Enumerable.Range(0, Steps).Select(step => string.Join(", ",
            Enumerable.Range(0, Rows * Columns).Select(cell =>
            {
                int row = cell / Columns, column = cell % Columns;
                return (Missing(step, row, column) ? Fill : value(step, row, column)).ToString("R", c);
            }))));
        string cdl = $$"""
            netcdf {{name}} {
            dimensions:
              timestep = UNLIMITED ; lat = {{Rows}} ; lon = {{Columns}} ;
            variables:
              double timestep(timestep) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float {{variable}}(timestep, lat, lon) ;
                {{variable}}:_FillValue = {{Fill.ToString("F1", c)}}f ;
            data:
              timestep = {{string.Join(", ", Enumerable.Range(0, Steps).Select(k => (6 * k).ToString(c)))}} ;
              lat = {{string.Join(", ", Enumerable.Range(0, Rows).Select(r => (60 - (1.25 * r)).ToString(c)))}} ;
              lon = {{string.Join(", ", Enumerable.Range(0, Columns).Select(k => (-45 + (2.5 * k)).ToString(c)))}} ;
              {{variable}} = {{data}} ;
            }
            """;
        string cdlPath = _dir.File(name + ".cdl");
        File.WriteAllText(cdlPath, cdl);
        using var ncgen = System.Diagnostics.Process.Start("ncgen", ["-k", "classic", "-o", _dir.File(name + ".cdf"), cdlPath])!;
        ncgen.WaitForExit();
        Assert.Equal(0, ncgen.ExitCode);
    }
}
