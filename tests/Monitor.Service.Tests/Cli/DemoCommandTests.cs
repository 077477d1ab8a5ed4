namespace Monitor.Service.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Demo_WritesDiscoversAndAssemblesTheCycleBitForBit()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 11, 25, 14, 37, 0, TimeSpan.Zero));

        CliRun run = await CliRun.InvokeAsync(time, "demo", "--data", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        string inbox = Path.Combine(_dir.Path, "inbox");
        // Three days of 6-hourly cycles ending with the newest before 14:37 UTC: 2026-11-22 18Z … 2026-11-25 12Z.
        Assert.Equal(12, Directory.GetDirectories(inbox, "2026112*").Length);
        Assert.True(File.Exists(Path.Combine(inbox, "2026112512", "fc_2026112512.nc")));
        Assert.True(File.Exists(Path.Combine(inbox, "2026112512", "_COMPLETE")));
        Assert.True(File.Exists(Path.Combine(inbox, "truth", "events.json")));
        Assert.Contains("12 complete cycles; newest 2026112512", run.Output, StringComparison.Ordinal);
        Assert.Contains("[13 leads, 8 variables, 32×64], statics: orography, lsm, max |read − model| = 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("regimes: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok    libtorch", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RunTwice_IsIdempotent()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));

        CliRun first = await CliRun.InvokeAsync(time, "demo", "--data", _dir.Path);
        CliRun second = await CliRun.InvokeAsync(time, "demo", "--data", _dir.Path);

        Assert.Equal(0, first.ExitCode);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir.Path, "inbox", "2026112506")).Length);   // the cycle file and its marker
    }
}
