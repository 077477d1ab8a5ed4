using Monitor.Core.Formats;
using Monitor.Core.Products;
using Monitor.Core.Regimes;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Regimes;

/// <summary>Queries on a hand-built 6-hourly history: episodes, monthly and seasonal frequencies, transitions; the CSV store.</summary>
public sealed class RegimeQueryTests : IDisposable
{
    private static readonly DateTime T0 = new(2021, 1, 31, 0, 0, 0, DateTimeKind.Utc);
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Episodes_Frequencies_Transitions()
    {
        RegimeStatistics stats = RegimeQuery.Summarise(History());

        Assert.Equal(["R1", "R2", "none"], stats.Labels);
        Assert.Equal(["trough", "ridge", "no regime"], stats.Names);
        Assert.Equal(3, stats.Episodes.Count);
        RegimeEpisode first = stats.Episodes[0], second = stats.Episodes[1], third = stats.Episodes[2];
        Assert.Equal(("R1", T0, T0.AddHours(42), TimeSpan.FromHours(48)), (first.Regime, first.Start, first.End, first.Duration));
        Assert.Equal(2.5, first.PeakIndex);
        Assert.Equal(T0.AddHours(18), first.PeakTime);
        Assert.Equal(("R2", T0.AddHours(72), TimeSpan.FromHours(48)), (second.Regime, second.Start, second.Duration));
        Assert.Equal(("R1", T0.AddHours(120), T0.AddHours(138), TimeSpan.FromHours(24)), (third.Regime, third.Start, third.End, third.Duration));

        Assert.Equal(4, stats.MonthStates[0]);
        Assert.Equal(20, stats.MonthStates[1]);
        Assert.Equal([1.0, 0, 0], stats.MonthlyFrequency[0]);
        Assert.Equal([0.4, 0.4, 0.2], stats.MonthlyFrequency[1]);
        Assert.Equal(24, stats.SeasonStates[0]);
        Assert.Equal([0.5, 8 / 24.0, 4 / 24.0], stats.SeasonalFrequency[0]);
        Assert.All(stats.SeasonStates[1..], n => Assert.Equal(0, n));

        // R1 → none, none → R2, R2 → R1.
        Assert.Equal([0, 0, 1], stats.Transitions[0]);
        Assert.Equal([1, 0, 0], stats.Transitions[1]);
        Assert.Equal([0, 1, 0], stats.Transitions[2]);
        Assert.Equal([0, 0, 1.0], stats.TransitionProbabilities()[0]);
        // Regime to regime, skipping "none": R1 → R2, R2 → R1.
        Assert.Equal([0, 1], stats.RegimeTransitions[0]);
        Assert.Equal([1, 0], stats.RegimeTransitions[1]);
    }

    [Fact]
    public void AGapInTheHistory_EndsRunsAndTransitions()
    {
        // The same history with 30 days missing between the R2 run and the last R1 run.
        RegimeHistory history = History();
        RegimeHistoryEntry[] entries = [.. history.Entries.Select((e, i) => i >= 20 ? e with { Time = e.Time.AddDays(30) } : e)];
        RegimeStatistics stats = RegimeQuery.Summarise(history with { Entries = entries });

        Assert.Equal(3, stats.Episodes.Count);
        Assert.Equal([0, 0, 1], stats.Transitions[0]);
        Assert.Equal([0, 0, 0], stats.Transitions[1]);
        Assert.Equal([0, 1], stats.RegimeTransitions[0]);
        Assert.Equal([0, 0], stats.RegimeTransitions[1]);
    }

    [Fact]
    public void RegimeFilter_ByIdOrName_AndUnknownIsNamed()
    {
        Assert.Equal(2, RegimeQuery.Summarise(History(), "R1").Episodes.Count);
        Assert.Single(RegimeQuery.Summarise(History(), "Ridge").Episodes);
        var ex = Assert.Throws<ArgumentException>(() => RegimeQuery.Summarise(History(), "blocking"));
        Assert.Contains("--regime 'blocking'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvStore_RoundTrips_AndFiltersByTime()
    {
        RegimeHistory history = History();
        var store = new CsvRegimeHistoryStore(_dir.File("history.csv"), history.RegimeIds, history.RegimeNames);
        store.Write(history);

        RegimeHistory all = store.Read(DateTime.MinValue, DateTime.MaxValue);
        Assert.Equal(history.Entries.Count, all.Entries.Count);
        for (int i = 0; i < all.Entries.Count; i++)
        {
            RegimeHistoryEntry a = history.Entries[i], b = all.Entries[i];
            Assert.Equal((a.Time, a.Label, a.Cluster), (b.Time, b.Label, b.Cluster));
            Assert.Equal(a.Indices, b.Indices);
            Assert.Equal(a.Pcs, b.Pcs);
        }

        RegimeStatistics february = RegimeQuery.Run(store, new DateTime(2021, 2, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2021, 2, 28, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(20, february.MonthStates.Sum());
        Assert.Equal(new DateTime(2021, 2, 1, 0, 0, 0, DateTimeKind.Utc), february.Episodes[0].Start);
    }

    [Fact]
    public void CsvStore_BadFiles_AreNamed()
    {
        string path = _dir.File("history.csv");
        var store = new CsvRegimeHistoryStore(path, ["R1", "R2"], ["a", "b"]);
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => store.Read(DateTime.MinValue, DateTime.MaxValue)).Message, StringComparison.Ordinal);

        File.WriteAllText(path, "valid_time,label,name,cluster,index_R1,index_R3,pc1\n");
        Assert.Contains("header", Assert.Throws<DataFileException>(() => store.Read(DateTime.MinValue, DateTime.MaxValue)).Message, StringComparison.Ordinal);

        File.WriteAllText(path, "valid_time,label,name,cluster,index_R1,index_R2,pc1\n2021-01-01T00:00:00Z,R1,a,R1,1.0,x,2\n");
        var ex = Assert.Throws<DataFileException>(() => store.Read(DateTime.MinValue, DateTime.MaxValue));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal("index_R2", ex.Variable);
    }

    // 8 × R1 (from 31 Jan 00 UTC, peak 2.5 at +18 h), 4 × none, 8 × R2, 4 × R1, every 6 h.
    private static RegimeHistory History()
    {
        string[] labels = [.. Enumerable.Repeat("R1", 8), .. Enumerable.Repeat("none", 4), .. Enumerable.Repeat("R2", 8), .. Enumerable.Repeat("R1", 4)];
        RegimeHistoryEntry[] entries = [.. labels.Select((label, s) => new RegimeHistoryEntry(T0.AddHours(6 * s), label, label == "R2" ? 1 : 0,
            [s == 3 ? 2.5 : 1.0 + (0.01 * s), label == "R2" ? 1.5 : -0.5], [s * 0.1, -s * 0.2]))];
        return new RegimeHistory(["R1", "R2"], ["trough", "ridge"], entries);
    }
}
