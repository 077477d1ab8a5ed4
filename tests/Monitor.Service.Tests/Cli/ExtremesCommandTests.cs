using System.Text.Json;
using Monitor.Core.Synthetic;

namespace Monitor.Service.Tests.Cli;

/// <summary><c>climatology build</c> (and <c>--update</c>) and <c>extremes</c> on a small generated archive.</summary>
public sealed class ExtremesCommandTests : IDisposable
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ClimatologyBuild_ThenExtremes_WritesCfFilesATableAndJson_AndUpdateAddsNewCycles()
    {
        string archive = _dir.File("archive"), climatology = _dir.File("climatology"), json = _dir.File("extremes.json");
        Generate(archive, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 20, 18, 0, 0, DateTimeKind.Utc), "40,50,0,10,1");

        CliRun build = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology, "--memory-mb", "1");

        Assert.True(build.ExitCode == 0, build.Error);
        Assert.Contains("80 new cycle(s), 80 in all", build.Output, StringComparison.Ordinal);
        Assert.Equal(["climatology_si10.nc", "climatology_t2m.nc", "climatology_tp.nc"],
            Directory.GetFiles(climatology).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        CliRun extremes = await CliRun.InvokeAsync(Time, "extremes", "--cycle", Path.Combine(archive, "2026011012"), "--climatology", climatology,
            "--min-area-km2", "0", "--json", json);

        Assert.True(extremes.ExitCode == 0, extremes.Error);
        Assert.Contains("cycle 2026011012:", extremes.Output, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] regions = [.. document.RootElement.GetProperty("regions").EnumerateArray()];
        Assert.Equal("2026011012", document.RootElement.GetProperty("cycle").GetString());
        Assert.NotEmpty(regions);
        Assert.All(regions, r =>
        {
            Assert.Matches("^(hot|cold|wind|heavy_precipitation)-[0-9]{2}$", r.GetProperty("id").GetString());
            Assert.True(r.GetProperty("areaKm2").GetDouble() > 0);
            Assert.Contains(r.GetProperty("leadHours").GetInt32(), new[] { 0, 6, 12 });
            Assert.Contains(r.GetProperty("id").GetString()!, extremes.Output, StringComparison.Ordinal);
        });

        // The overview per kind counts the JSON's tracks and regions.
        foreach (IGrouping<string, JsonElement> kind in regions.GroupBy(r => r.GetProperty("id").GetString()!.Split('-')[0]))
        {
            int tracks = kind.Select(r => r.GetProperty("id").GetString()).Distinct().Count();
            Assert.Matches($@"(?m)^{kind.Key} +{tracks} +{kind.Count()}  {kind.Key}-\d+ \(", extremes.Output);
        }

        // Linking the next cycle to this one by overlap.
        CliRun next = await CliRun.InvokeAsync(Time, "extremes", "--cycle", Path.Combine(archive, "2026011018"), "--climatology", climatology,
            "--min-area-km2", "0", "--previous", json, "--lead", "0");
        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Contains("2026011012/", next.Output, StringComparison.Ordinal);

        Generate(archive, new DateTime(2026, 1, 21, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 22, 18, 0, 0, DateTimeKind.Utc), "40,50,0,10,1");
        CliRun update = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology, "--update");

        Assert.True(update.ExitCode == 0, update.Error);
        Assert.Contains("8 new cycle(s), 88 in all", update.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_IsNamed_MissingVariable_WrongGrid_MissingClimatology_BadOption()
    {
        string archive = _dir.File("archive"), other = _dir.File("other"), climatology = _dir.File("climatology");
        Generate(archive, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 2, 18, 0, 0, DateTimeKind.Utc), "40,50,0,10,1");
        Generate(other, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "40,50,0,10,2");

        CliRun missingVariable = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology, "--variables", "t2m,d2m");
        Assert.Equal(1, missingVariable.ExitCode);
        Assert.Contains("'d2m'", missingVariable.Error, StringComparison.Ordinal);
        Assert.Contains("fc_2026010100.nc", missingVariable.Error, StringComparison.Ordinal);

        CliRun badOption = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology, "--window-days", "-3");
        Assert.Equal(2, badOption.ExitCode);
        Assert.Contains("--window-days", badOption.Error, StringComparison.Ordinal);

        CliRun noClimatology = await CliRun.InvokeAsync(Time, "extremes", "--cycle", Path.Combine(archive, "2026010100"), "--climatology", climatology);
        Assert.Equal(1, noClimatology.ExitCode);
        Assert.Contains(climatology, noClimatology.Error, StringComparison.Ordinal);

        CliRun built = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology);
        Assert.True(built.ExitCode == 0, built.Error);
        CliRun wrongGrid = await CliRun.InvokeAsync(Time, "extremes", "--cycle", Path.Combine(other, "2026010100"), "--climatology", climatology);
        Assert.Equal(1, wrongGrid.ExitCode);
        Assert.Contains("grid", wrongGrid.Error, StringComparison.Ordinal);
        Assert.Contains("climatology_", wrongGrid.Error, StringComparison.Ordinal);

        CliRun badThreshold = await CliRun.InvokeAsync(Time, "extremes", "--cycle", Path.Combine(archive, "2026010100"), "--climatology", climatology, "--thresholds", "hot=p42");
        Assert.Equal(2, badThreshold.ExitCode);
        Assert.Contains("p42", badThreshold.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_WithFewerVariables_RemovesTheStaleFiles_AndAnUnknownLeadIsNamed()
    {
        string archive = _dir.File("archive"), climatology = _dir.File("climatology");
        Generate(archive, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 2, 18, 0, 0, DateTimeKind.Utc), "40,50,0,10,1");
        CliRun first = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology);
        Assert.True(first.ExitCode == 0, first.Error);

        CliRun second = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", archive, "--out", climatology,
            "--variables", "t2m", "--window-days", "10");

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(["climatology_t2m.nc"], Directory.GetFiles(climatology).Select(Path.GetFileName));
        Assert.Contains("removed", second.Output, StringComparison.Ordinal);
        Assert.Contains("climatology_si10.nc", second.Output, StringComparison.Ordinal);
        Assert.Contains("climatology_tp.nc", second.Output, StringComparison.Ordinal);

        CliRun unknownLead = await CliRun.InvokeAsync(Time, "extremes", "--cycle", Path.Combine(archive, "2026010100"), "--climatology", climatology,
            "--kinds", "hot", "--lead", "999");
        Assert.Equal(1, unknownLead.ExitCode);
        Assert.Contains("+999 h", unknownLead.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WindowThatLeavesDaysUncovered_IsRejected_NamingBothOptions()
    {
        CliRun run = await CliRun.InvokeAsync(Time, "climatology", "build", "--archive", _dir.File("archive"), "--out", _dir.File("climatology"),
            "--window-days", "1", "--day-step", "5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--window-days", run.Error, StringComparison.Ordinal);
        Assert.Contains("--day-step", run.Error, StringComparison.Ordinal);
    }

    private static void Generate(string directory, DateTime from, DateTime to, string grid)
    {
        var options = new GeneratorOptions { Grid = SyntheticGrids.Parse(grid), From = from, To = to, LeadHours = [0, 6, 12], Seed = 4, OutputDirectory = directory };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(options.Grid));
    }
}
