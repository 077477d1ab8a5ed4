using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Adapters.State;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.State;

public sealed class JsonAlertBookStoreTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 6, 30, 0, TimeSpan.Zero);

    /// <summary>A saved book loads back equal: events with their track ids and revisions, notifications, openings, the last cycle and its alerts.</summary>
    [Fact]
    public void A_saved_book_loads_back_equal()
    {
        using var directory = new TestDirectory();
        var store = new JsonAlertBookStore(directory.Path);
        var cycle = CycleId.Parse("2026120706");
        var book = new AlertBook(
            [new AlertEvent("unusual/t2m-unet/hot/2026120700/hot-01", "unusual", "t2m-unet/hot", ["hot-01", "hot-02"], AlertSeverity.Severe, 2, T.AddHours(-6), T,
                1, "Warm extreme around 45°N 10°E at +48 h", ["forecaster@example.org"], cycle)],
            [T.AddMinutes(-20), T], [new AlertOpening("unusual", "t2m-unet/hot", T.AddHours(-6))], cycle,
            [new ReportedAlert("unusual/t2m-unet/hot/2026120700/hot-01", 2, "unusual", "severe", 48, new DateTime(2026, 12, 9, 6, 0, 0, DateTimeKind.Utc), "Warm extreme")]);

        Assert.Same(AlertBook.Empty, store.Load());
        store.Save(book);
        AlertBook loaded = store.Load();

        AlertEvent e = Assert.Single(loaded.Events), original = book.Events[0];
        Assert.Equal((original.Key, original.Severity, original.Revision, original.Missed, original.Cycle), (e.Key, e.Severity, e.Revision, e.Missed, e.Cycle));
        Assert.Equal(original.TrackIds, e.TrackIds);
        Assert.Equal(original.Recipients, e.Recipients);
        Assert.Equal(book.Notifications, loaded.Notifications);
        Assert.Equal(book.Openings, loaded.Openings);
        Assert.Equal(cycle, loaded.LastCycle);
        Assert.Equal(book.LastCycleAlerts, loaded.LastCycleAlerts);
    }

    [Fact]
    public void An_unreadable_book_is_an_error_naming_the_file()
    {
        using var directory = new TestDirectory();
        var store = new JsonAlertBookStore(directory.Path);
        File.WriteAllText(store.FilePath, "{ \"Events\": [ truncated");

        var error = Assert.Throws<InvalidDataException>(store.Load);
        Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
    }
}
