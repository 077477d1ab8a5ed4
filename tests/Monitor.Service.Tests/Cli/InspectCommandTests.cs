using System.Text.Json;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Service.Tests.Cli;

public sealed class InspectCommandTests : IDisposable
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Inspect_File_PrintsVariablesGridTimesAndStatistics()
    {
        string path = WriteCycle();

        CliRun run = await CliRun.InvokeAsync(Time, "inspect", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[NetCdf4, 18 fields]", run.Output, StringComparison.Ordinal);   // 8 variables × 2 leads + orography, lsm
        Assert.Contains("grid: 8×16 regular 22.5°", run.Output, StringComparison.Ordinal);
        Assert.Contains("2026-11-25 18:00", run.Output, StringComparison.Ordinal);
        string t2mLine = run.Output.Split('\n').First(l => l.TrimStart().StartsWith("t2m ", StringComparison.Ordinal));
        Assert.Contains(" K ", t2mLine, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Inspect_Json_HasOneEntryPerFieldWithStatistics()
    {
        string path = WriteCycle();

        CliRun run = await CliRun.InvokeAsync(Time, "inspect", _dir.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement file = json.RootElement.EnumerateArray().Single();
        Assert.Equal(path, file.GetProperty("path").GetString());
        Assert.Equal("NetCdf4", file.GetProperty("format").GetString());
        JsonElement msl = file.GetProperty("fields").EnumerateArray().First(f => f.GetProperty("name").GetString() == "msl");
        Assert.InRange(msl.GetProperty("mean").GetDouble(), 100_000, 102_500);
        Assert.Equal("Pa", msl.GetProperty("units").GetString());
        Assert.Equal(0, msl.GetProperty("missingFraction").GetDouble());
    }

    [Fact]
    public async Task Inspect_MissingPath_ExitsTwoNamingIt()
    {
        string missing = _dir.File("absent.nc");

        CliRun run = await CliRun.InvokeAsync(Time, "inspect", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CorruptFile_ExitsOneNamingIt()
    {
        string path = WriteCycle();
        byte[] bytes = await File.ReadAllBytesAsync(path);
        string truncated = _dir.File("truncated.nc");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 3)]);

        CliRun run = await CliRun.InvokeAsync(Time, "inspect", truncated);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(truncated, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TimeWithoutUnits_ReportsTheVariableAsAProblem_AndTimeUnitsDecodesIt()
    {
        string cdl = _dir.File("nounits.cdl"), nc = _dir.File("nounits.nc");
        await File.WriteAllTextAsync(cdl, """
            netcdf nounits {
            dimensions:
              time = 1 ; lat = 2 ; lon = 2 ;
            variables:
              double time(time) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float t2m(time, lat, lon) ;
                t2m:units = "K" ;
            data:
              time = 6 ; lat = 50, 49 ; lon = 0, 1 ; t2m = 280, 281, 282, 283 ;
            }
            """);
        using (var ncgen = System.Diagnostics.Process.Start("ncgen", ["-k", "nc4", "-o", nc, cdl]))
        {
            await ncgen.WaitForExitAsync();
            Assert.Equal(0, ncgen.ExitCode);
        }

        CliRun without = await CliRun.InvokeAsync(Time, "inspect", nc);
        CliRun with = await CliRun.InvokeAsync(Time, "inspect", nc, "--time-units", "hours since 2026-01-01 00:00");

        Assert.Equal(0, without.ExitCode);
        Assert.Contains("--time-units", without.Output, StringComparison.Ordinal);
        Assert.True(with.ExitCode == 0, with.Error);
        Assert.Contains("2026-01-01 06:00", with.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--time-units", with.Output, StringComparison.Ordinal);
    }

    private string WriteCycle()
    {
        var grid = new GridSpec(78.75, 22.5, 8, 0, 22.5, 16);
        var options = new GeneratorOptions { Grid = grid, From = DateTime.UnixEpoch, To = DateTime.UnixEpoch, OutputDirectory = _dir.Path, LeadHours = [0, 6] };
        Geography geography = GeographyBuilder.Build(grid);
        CycleData data = ArchiveGenerator.Compute(ArchiveGenerator.Prepare(options, geography).Model, CycleId.Parse("2026112512"), [0, 6], geography.Fields);
        string path = _dir.File("cycle.nc");
        NetCdfCycleWriter.Write(data, path);
        return path;
    }
}
