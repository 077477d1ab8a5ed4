using System.Text.Json;
using Monitor.Core.Products;
using SkiaSharp;
using Xunit.Abstractions;

namespace Monitor.Service.Tests.Cli;

/// <summary>
/// <c>v2vmonitor patterns fit | assign</c> end to end: six regions explained by <c>explain</c> on the trained fixture
/// model are clustered into patterns with a JSON model and one decodable PNG per pattern; an explanation is assigned;
/// bad requests are named.
/// </summary>
public sealed class PatternsCommandTests(ExplainFixture fixture, ITestOutputHelper output) : IClassFixture<ExplainFixture>
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Fit_ThenAssign_FromExplanationFiles()
    {
        string cases = await ExplainRegions("fit-cases");
        string patterns = fixture.File("patterns");

        CliRun fit = await CliRun.InvokeAsync(Time, "patterns", "fit", "--explanations", cases, "--clusters", "2", "--half-width", "3", "--out", patterns);
        output.WriteLine(fit.Output);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("6 explained regions → 2 relevance patterns", fit.Output, StringComparison.Ordinal);
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(patterns, RelevancePatternFile.FileName))))
        {
            JsonElement written = json.RootElement.GetProperty("patterns");
            Assert.Equal(2, written.GetArrayLength());
            Assert.Equal(6, written.EnumerateArray().Sum(p => p.GetProperty("members").GetInt32()));
        }

        foreach (string name in new[] { "P1", "P2" })
        {
            using SKBitmap? image = SKBitmap.Decode(Path.Combine(patterns, $"{name}.png"));
            Assert.NotNull(image);
            Assert.True(image.Width > 400 && image.Height > 300, $"{name}.png is {image.Width}×{image.Height}");
        }

        CliRun assign = await CliRun.InvokeAsync(Time, "patterns", "assign", "--model", patterns, "--explanation", Path.Combine(cases, "region-0.nc"));
        output.WriteLine(assign.Output);
        Assert.True(assign.ExitCode == 0, assign.Error);
        Assert.Matches(@"region-0\.nc: P[12] \(.*\), distance \d+\.\d\d = \d+\.\d× the pattern's spread", assign.Output);
    }

    [Fact]
    public async Task BadRequests_AreNamed()
    {
        string missing = fixture.File("no-such-folder");
        CliRun run = await CliRun.InvokeAsync(Time, "patterns", "fit", "--explanations", missing, "--out", fixture.File("p-missing"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);

        string cycleFile = Directory.EnumerateFiles(fixture.Cycle, "*.nc").First();
        run = await CliRun.InvokeAsync(Time, "patterns", "fit", "--explanations", cycleFile, "--out", fixture.File("p-cycle"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no relevance_* variable", run.Error, StringComparison.Ordinal);

        string cases = await ExplainRegions("bad-cases");
        run = await CliRun.InvokeAsync(Time, "patterns", "fit", "--explanations", cases, "--clusters", "0", "--out", fixture.File("p-zero"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Clusters", run.Error, StringComparison.Ordinal);

        run = await CliRun.InvokeAsync(Time, "patterns", "fit", "--explanations", cases, "--clusters", "7", "--out", fixture.File("p-seven"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("6 cases cannot make 7 patterns", run.Error, StringComparison.Ordinal);

        run = await CliRun.InvokeAsync(Time, "patterns", "assign", "--model", fixture.File("p-none"), "--explanation", Path.Combine(cases, "region-0.nc"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(RelevancePatternFile.FileName, run.Error, StringComparison.Ordinal);
    }

    /// <summary>Six regions (two latitude bands × three longitude sectors) at +6 h, one explanation file each.</summary>
    private async Task<string> ExplainRegions(string folder)
    {
        string directory = fixture.File(folder);
        Directory.CreateDirectory(directory);
        string[] regions = ["40,55,0,20", "40,55,90,110", "40,55,200,220", "-30,-15,0,20", "-30,-15,90,110", "-30,-15,200,220"];
        for (int i = 0; i < regions.Length; i++)
        {
            CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "6",
                "--region", regions[i], "--climatology", fixture.Climatology, "--out", Path.Combine(directory, $"region-{i}.nc"));
            Assert.True(run.ExitCode == 0, run.Error);
        }

        return directory;
    }
}
