using Monitor.Core.Cycles;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Cycles;

public sealed class InboxScannerTests : IDisposable
{
    private static readonly DateTime Written = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private readonly TemporaryDirectory _inbox = new();

    public void Dispose() => _inbox.Dispose();

    [Fact]
    public void Scan_FolderWithMarker_IsCompleteAndListsOnlyDataFiles()
    {
        Touch("2026112512/fc_000.nc", "2026112512/fc_006.grib2", "2026112512/readme.txt", "2026112512/_COMPLETE");
        Touch("2026112518/fc_000.nc");

        IReadOnlyList<CycleCandidate> cycles = Scanner(new InboxOptions { Directory = _inbox.Path }, Written.AddHours(1)).Scan();

        Assert.Equal(["2026112512", "2026112518"], cycles.Select(c => c.Cycle.ToString()));
        Assert.Equal(CycleReadiness.Complete, cycles[0].Readiness);
        Assert.Equal(2, cycles[0].Files.Count);
        Assert.Equal(CycleReadiness.Incomplete, cycles[1].Readiness);
        Assert.Contains("marker", cycles[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_FlatFilesWithSteps_CompleteOnlyWhenAllStepsPresentAndSettled()
    {
        var options = new InboxOptions
        {
            Directory = _inbox.Path,
            Pattern = "fc_{cycle}_{step}.grib2",
            MarkerFileName = null,
            ExpectedLeadHours = [0, 6, 12],
            SettleTime = TimeSpan.FromMinutes(2),
        };
        Touch("fc_2026112500_0.grib2", "fc_2026112500_6.grib2", "fc_2026112500_12.grib2", "fc_2026112506_0.grib2", "other_2026112500_0.grib2");

        IReadOnlyList<CycleCandidate> settling = Scanner(options, Written.AddSeconds(30)).Scan();
        IReadOnlyList<CycleCandidate> settled = Scanner(options, Written.AddMinutes(3)).Scan();

        Assert.Equal(CycleReadiness.Settling, settling[0].Readiness);
        Assert.Equal(CycleReadiness.Complete, settled[0].Readiness);
        Assert.Equal(3, settled[0].Files.Count);
        Assert.Equal(CycleReadiness.Incomplete, settled[1].Readiness);
        Assert.Equal("steps missing: 6, 12 h", settled[1].Reason);
    }

    [Fact]
    public void Scan_FlatFilesWithCycleMarker_CompleteByMarker()
    {
        var options = new InboxOptions { Directory = _inbox.Path, Pattern = "{cycle}_{var}.nc", MarkerFileName = "{cycle}.complete" };
        Touch("2026112500_t2m.nc", "2026112500_msl.nc", "2026112500.complete", "2026112506_t2m.nc");

        IReadOnlyList<CycleCandidate> cycles = Scanner(options, Written).Scan();

        Assert.Equal(CycleReadiness.Complete, cycles[0].Readiness);
        Assert.Equal(CycleReadiness.Incomplete, cycles[1].Readiness);
    }

    [Fact]
    public void Scan_ExpectedFileCount_CountsFiles()
    {
        var options = new InboxOptions { Directory = _inbox.Path, MarkerFileName = null, ExpectedFileCount = 2, SettleTime = TimeSpan.Zero };
        Touch("2026112500/a.nc");

        Assert.Equal("1 of 2 files present", Scanner(options, Written).Scan()[0].Reason);
        Touch("2026112500/b.nc");
        Assert.Equal(CycleReadiness.Complete, Scanner(options, Written).Scan()[0].Readiness);
    }

    [Fact]
    public void Constructor_PatternWithoutCycleOrUnknownToken_Refused()
    {
        Assert.Throws<ArgumentException>(() => Scanner(new InboxOptions { Directory = _inbox.Path, Pattern = "*.nc" }, Written));
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            Scanner(new InboxOptions { Directory = _inbox.Path, Pattern = "{cycle}_{member}.nc" }, Written));
        Assert.Contains("{member}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_MissingInbox_NamesTheDirectory()
    {
        string missing = _inbox.File("absent");

        DirectoryNotFoundException error = Assert.Throws<DirectoryNotFoundException>(() =>
            Scanner(new InboxOptions { Directory = missing }, Written).Scan());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static InboxScanner Scanner(InboxOptions options, DateTime now) => new(options, new ManualTimeProvider(now));

    private void Touch(params string[] relativePaths)
    {
        foreach (string relative in relativePaths)
        {
            string path = _inbox.File(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
            File.SetLastWriteTimeUtc(path, Written);
        }
    }
}
