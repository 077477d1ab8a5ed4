using System.Text.Json;

namespace Monitor.Service.Tests.Cli;

public sealed class GenerateCommandTests : IDisposable
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Generate_SmallRegionalArchive_WritesEveryCycleAndTheGroundTruth()
    {
        string output = _dir.File("archive");

        CliRun run = await CliRun.InvokeAsync(Time, "generate", "--grid", "40,50,0,10,1", "--from", "2026-01-01", "--to", "2026-01-02",
            "--leads", "0-12/6", "--seed", "5", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(string.Empty, run.Error);
        string[] cycles = ["2026010100", "2026010106", "2026010112", "2026010118", "2026010200"];
        Assert.Equal(cycles, Directory.GetDirectories(output).Select(Path.GetFileName).Where(n => n != "truth").Order(StringComparer.Ordinal));
        foreach (string cycle in cycles)
        {
            Assert.True(File.Exists(Path.Combine(output, cycle, $"fc_{cycle}.nc")), $"{cycle}: no netCDF file");
            Assert.True(File.Exists(Path.Combine(output, cycle, "_COMPLETE")), $"{cycle}: no completion marker");
        }

        string truth = Path.Combine(output, "truth");
        Assert.Equal(["events.json", "generator.json", "regimes.csv"], Directory.GetFiles(truth).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using JsonDocument generator = JsonDocument.Parse(File.ReadAllText(Path.Combine(truth, "generator.json")));
        Assert.Equal(5, generator.RootElement.GetProperty("seed").GetInt64());
        Assert.Equal([0, 6, 12], generator.RootElement.GetProperty("leadHours").EnumerateArray().Select(e => e.GetInt32()));
        using JsonDocument events = JsonDocument.Parse(File.ReadAllText(Path.Combine(truth, "events.json")));
        Assert.Equal(JsonValueKind.Array, events.RootElement.ValueKind);
        // Two days before the first cycle to one day after the last valid time (2026-01-02 12 UTC), 6-hourly, plus the header.
        Assert.Equal(1 + (((2 + 1.5 + 1) * 24) / 6) + 1, File.ReadAllLines(Path.Combine(truth, "regimes.csv")).Length);
        Assert.Contains("generating 5 cycles × 3 leads", run.Output, StringComparison.Ordinal);
        Assert.Contains("wrote 5 cycles", run.Output, StringComparison.Ordinal);
        Assert.True(generator.RootElement.GetProperty("plantEvents").GetBoolean());
        Assert.Equal(0.6, generator.RootElement.GetProperty("warmSpellsPerMonth").GetDouble());
    }

    /// <summary>--no-events writes the same cycles with an empty truth list, and says so in generator.json.</summary>
    [Fact]
    public async Task Generate_WithoutEvents_WritesAnEmptyTruthList()
    {
        string[] common = ["generate", "--grid", "30,70,-40,40,2", "--from", "2026-01-01", "--to", "2026-01-31", "--cycle-interval", "1d", "--leads", "0", "--seed", "5"];
        CliRun planted = await CliRun.InvokeAsync(Time, [.. common, "--out", _dir.File("planted")]);
        CliRun calm = await CliRun.InvokeAsync(Time, [.. common, "--out", _dir.File("calm"), "--no-events"]);

        Assert.True(planted.ExitCode == 0 && calm.ExitCode == 0, planted.Error + calm.Error);
        using JsonDocument withEvents = JsonDocument.Parse(File.ReadAllText(_dir.File(Path.Combine("planted", "truth", "events.json"))));
        using JsonDocument without = JsonDocument.Parse(File.ReadAllText(_dir.File(Path.Combine("calm", "truth", "events.json"))));
        Assert.NotEqual(0, withEvents.RootElement.GetArrayLength());
        Assert.Equal(0, without.RootElement.GetArrayLength());
        using JsonDocument generator = JsonDocument.Parse(File.ReadAllText(_dir.File(Path.Combine("calm", "truth", "generator.json"))));
        Assert.False(generator.RootElement.GetProperty("plantEvents").GetBoolean());
        Assert.Contains("  planted ", planted.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("  planted ", calm.Output, StringComparison.Ordinal);
        Assert.Contains("no extremes planted (--no-events)", calm.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--grid", "nonsense")]
    [InlineData("--from", "2026-13-01")]
    [InlineData("--leads", "6-0")]
    [InlineData("--warm-spells-per-month", "31")]
    public async Task Generate_BadArgument_Exits2_NamingTheOption(string option, string value)
    {
        string output = _dir.File("archive");
        var args = new Dictionary<string, string>
        {
            ["--grid"] = "40,50,0,10,1", ["--from"] = "2026-01-01", ["--to"] = "2026-01-02", ["--leads"] = "0-12/6", ["--out"] = output,
        };
        args[option] = value;

        CliRun run = await CliRun.InvokeAsync(Time, ["generate", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing may be written for bad arguments");
    }
}
