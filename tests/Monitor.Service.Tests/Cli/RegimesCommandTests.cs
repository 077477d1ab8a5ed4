namespace Monitor.Service.Tests.Cli;

/// <summary>
/// <c>regimes fit | assign | query</c> and <c>analogues</c> in-process on a small generated archive: files written,
/// every lead labelled, queries answered, bad input named with the usage (2) or input (1) exit code.
/// </summary>
public sealed class RegimesCommandTests : IClassFixture<RegimesArchiveFixture>
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RegimesArchiveFixture _archive;

    public RegimesCommandTests(RegimesArchiveFixture archive)
    {
        _archive = archive;
    }

    [Fact]
    public async Task FitAssignQueryAnalogues_EndToEnd()
    {
        string model = _archive.NewDirectory("regimes");
        CliRun fit = await CliRun.InvokeAsync(Time, "regimes", "fit", "--archive", _archive.Archive, "--variable", "z", "--level", "500",
            "--domain", "30,90,-80,40", "--eofs", "4", "--k", "3", "--harmonics", "0", "--lowpass-days", "10", "--seed", "2", "--restarts", "3", "--out", model);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("read 160 analyses of z500", fit.Output, StringComparison.Ordinal);
        Assert.Contains("11×22 cells", fit.Output, StringComparison.Ordinal);
        foreach (string file in new[] { "model.json", "model.nc", "history.csv", "regime_R1.png", "regime_R2.png", "regime_R3.png" })
        {
            Assert.True(File.Exists(Path.Combine(model, file)), file);
        }

        byte[] png = await File.ReadAllBytesAsync(Path.Combine(model, "regime_R1.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(161, (await File.ReadAllLinesAsync(Path.Combine(model, "history.csv"))).Length);
        Assert.Matches(@"state map \(t-SNE of the 160 states' principal components, perplexity 30\): trustworthiness T\(10\) 0\.9\d\d", fit.Output);
        Assert.Equal(161, (await File.ReadAllLinesAsync(Path.Combine(model, "map.csv"))).Length);

        string json = Path.Combine(model, "assign.json");
        string mapPng = Path.Combine(model, "map.png");
        CliRun assign = await CliRun.InvokeAsync(Time, "regimes", "assign", "--model", model, "--cycle", Path.Combine(_archive.Archive, "2026012000"),
            "--json", json, "--map-png", mapPng);
        Assert.True(assign.ExitCode == 0, assign.Error);
        Assert.Contains("map x,y", assign.Output, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(mapPng))[..4]);
        Assert.Contains("\"map\": [", await File.ReadAllTextAsync(json), StringComparison.Ordinal);
        Assert.Equal(2, assign.Output.Split('\n').Count(l => l.TrimStart().StartsWith('+')));
        Assert.Contains("\"leadHours\": 24", await File.ReadAllTextAsync(json), StringComparison.Ordinal);

        CliRun query = await CliRun.InvokeAsync(Time, "regimes", "query", "--model", model, "--from", "2026-01-01", "--to", "2026-01-31");
        Assert.True(query.ExitCode == 0, query.Error);
        Assert.Contains("124 states", query.Output, StringComparison.Ordinal);   // 31 days × 4
        Assert.Contains("frequency by season", query.Output, StringComparison.Ordinal);
        Assert.Contains("transitions", query.Output, StringComparison.Ordinal);

        CliRun analogues = await CliRun.InvokeAsync(Time, "analogues", "--model", model, "--cycle", Path.Combine(_archive.Archive, "2026012000"),
            "--lead", "24", "--count", "3", "--separation-days", "3");
        Assert.True(analogues.ExitCode == 0, analogues.Error);
        string[] rows = [.. analogues.Output.Split('\n').Where(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal) || l.TrimStart().StartsWith("2 ", StringComparison.Ordinal) || l.TrimStart().StartsWith("3 ", StringComparison.Ordinal))];
        Assert.Equal(3, rows.Length);
        DateTime valid = new(2026, 1, 21, 0, 0, 0, DateTimeKind.Utc);
        foreach (string row in rows)
        {
            // Every analogue lies ≥ 3 days from the valid time (21 Jan 00 UTC).
            DateTime time = DateTime.ParseExact(row.Trim()[2..].Trim()[..16], "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            Assert.True((time - valid).Duration() >= TimeSpan.FromDays(3), row);
        }

        CliRun badRegime = await CliRun.InvokeAsync(Time, "regimes", "query", "--model", model, "--from", "2026-01-01", "--to", "2026-01-31", "--regime", "R9");
        Assert.Equal(1, badRegime.ExitCode);
        Assert.Contains("--regime 'R9'", badRegime.Error, StringComparison.Ordinal);

        CliRun badLead = await CliRun.InvokeAsync(Time, "analogues", "--model", model, "--cycle", Path.Combine(_archive.Archive, "2026012000"), "--lead", "12");
        Assert.Equal(2, badLead.ExitCode);
        Assert.Contains("--lead 12", badLead.Error, StringComparison.Ordinal);

        string mapCsv = Path.Combine(model, "map.csv");
        await File.WriteAllTextAsync(mapCsv, "valid_time,x,y,label\n");
        CliRun emptyMap = await CliRun.InvokeAsync(Time, "regimes", "assign", "--model", model, "--cycle", Path.Combine(_archive.Archive, "2026012000"));
        Assert.Equal(1, emptyMap.ExitCode);
        Assert.Contains($"{mapCsv} holds no mapped state", emptyMap.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--domain", "30,90,-80", "--domain '30,90,-80'")]
    [InlineData("--variable", "nosuch", "--variable 'nosuch'")]
    [InlineData("--eofs", "0", "--eofs")]
    [InlineData("--lowpass-days", "-2", "--lowpass-days")]
    public async Task Fit_BadOption_Exits2_NamingIt(string option, string value, string expected)
    {
        CliRun run = await CliRun.InvokeAsync(Time, "regimes", "fit", "--archive", _archive.Archive, option, value, "--out", _archive.NewDirectory("bad"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_BadInput_Exits1_NamingIt()
    {
        CliRun missing = await CliRun.InvokeAsync(Time, "regimes", "fit", "--archive", "/nonexistent/archive", "--out", _archive.NewDirectory("x"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("/nonexistent/archive", missing.Error, StringComparison.Ordinal);

        CliRun shortArchive = await CliRun.InvokeAsync(Time, "regimes", "fit", "--archive", _archive.Archive, "--out", _archive.NewDirectory("y"));
        Assert.Equal(1, shortArchive.ExitCode);
        Assert.Contains("--harmonics 0", shortArchive.Error, StringComparison.Ordinal);

        CliRun noVariable = await CliRun.InvokeAsync(Time, "regimes", "fit", "--archive", _archive.Archive, "--variable", "t850", "--harmonics", "0", "--out", _archive.NewDirectory("z"));
        Assert.Equal(1, noVariable.ExitCode);
        Assert.Contains("t850 at +0 h", noVariable.Error, StringComparison.Ordinal);

        CliRun noModel = await CliRun.InvokeAsync(Time, "regimes", "assign", "--model", _archive.NewDirectory("empty"), "--cycle", Path.Combine(_archive.Archive, "2026012000"));
        Assert.Equal(1, noModel.ExitCode);
        Assert.Contains("model.json", noModel.Error, StringComparison.Ordinal);
    }
}
