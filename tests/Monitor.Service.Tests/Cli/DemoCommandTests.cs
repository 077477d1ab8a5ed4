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
        string folder = Path.Combine(_dir.Path, "inbox", "2026112512");
        Assert.Equal(13, Directory.GetFiles(folder, "fc_2026112512_*.nc").Length);
        Assert.True(File.Exists(Path.Combine(folder, "_COMPLETE")));
        Assert.Contains("[13 leads, 6 variables, 32×64], statics: orography, lsm, max |read − written| = 0", run.Output, StringComparison.Ordinal);
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
        Assert.Equal(14, Directory.GetFiles(Path.Combine(_dir.Path, "inbox", "2026112506")).Length);
    }
}
