using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.Influx;

/// <summary>Spool ordering, replacement, recovery and failure handling, with a recording writer.</summary>
public sealed class LineProtocolSpoolTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Flush_DeliversOldestBatchFirst_InRequestsOfBatchLines_AndDeletesDeliveredFiles()
    {
        using LineProtocolSpool spool = Open(batchLines: 4);
        await spool.EnqueueAsync("a", TestPoints.Lines("m", 0, 10));
        await spool.EnqueueAsync("b", TestPoints.Lines("m", 10, 3));
        var writer = new RecordingWriter();

        SpoolFlushResult result = await spool.FlushAsync(writer);

        Assert.Equal([4, 4, 2, 3], writer.Requests.Select(r => r.Count));
        Assert.Equal(TestPoints.Lines("m", 0, 13), writer.Lines);
        Assert.Equal(2, result.DeliveredBatches);
        Assert.Equal(13, result.DeliveredLines);
        Assert.Null(result.StoppedBy);
        Assert.Empty(Directory.GetFiles(spool.DirectoryPath, "*.lp"));
        Assert.Equal(0, spool.GetStatus().PendingBatches);
    }

    [Fact]
    public async Task Enqueue_SameKeyBeforeDelivery_ReplacesTheOlderContent()
    {
        using LineProtocolSpool spool = Open();
        await spool.EnqueueAsync("cycle", TestPoints.Lines("old", 0, 5));
        await spool.EnqueueAsync("other", TestPoints.Lines("m", 0, 1));
        await spool.EnqueueAsync("cycle", TestPoints.Lines("new", 0, 2));
        var writer = new RecordingWriter();

        await spool.FlushAsync(writer);

        Assert.DoesNotContain(writer.Lines, line => line.StartsWith("old", StringComparison.Ordinal));
        Assert.Equal([.. TestPoints.Lines("m", 0, 1), .. TestPoints.Lines("new", 0, 2)], writer.Lines);
    }

    [Fact]
    public async Task Flush_TransientFailure_StopsThere_AndTheNextFlushResumesInOrder()
    {
        using LineProtocolSpool spool = Open();
        for (int b = 0; b < 4; b++)
        {
            await spool.EnqueueAsync($"b{b}", TestPoints.Lines("m", b * 10, 2));
        }

        var writer = new RecordingWriter();
        writer.Outcome = lines => lines[0] == TestPoints.Lines("m", 20, 1)[0] ? new InfluxRequestException("down", 503, "busy") : null;

        SpoolFlushResult first = await spool.FlushAsync(writer);

        Assert.Equal(2, first.DeliveredBatches);
        Assert.True(first.StoppedBy?.IsTransient);
        Assert.Equal(2, spool.GetStatus().PendingBatches);
        Assert.Equal("down", spool.GetStatus().LastError);
        Assert.Equal(_clock.Now, spool.GetStatus().LastErrorAt);

        writer.Outcome = _ => null;
        await spool.FlushAsync(writer);

        Assert.Equal([.. TestPoints.Lines("m", 0, 2), .. TestPoints.Lines("m", 10, 2), .. TestPoints.Lines("m", 20, 2), .. TestPoints.Lines("m", 30, 2)],
            writer.Lines);
    }

    [Fact]
    public async Task Flush_CredentialsRefused_KeepsEveryBatchPending_NothingGoesToRejected()
    {
        using LineProtocolSpool spool = Open();
        await spool.EnqueueAsync("a", TestPoints.Lines("m", 0, 2));
        var writer = new RecordingWriter { Outcome = _ => new InfluxRequestException("no", 401, "{\"error\":\"authorization failed\"}") };

        SpoolFlushResult result = await spool.FlushAsync(writer);

        Assert.Equal(401, result.StoppedBy?.StatusCode);
        Assert.Empty(result.Rejected);
        Assert.Equal(1, spool.GetStatus().PendingBatches);
        Assert.False(Directory.Exists(spool.RejectedPath));
    }

    [Fact]
    public async Task Reopen_AfterARestart_KeepsPendingOrder_AndIgnoresAnEnqueueThatNeverCompleted()
    {
        using (LineProtocolSpool spool = Open())
        {
            await spool.EnqueueAsync("first", TestPoints.Lines("m", 0, 2));
            await spool.EnqueueAsync("second", TestPoints.Lines("m", 2, 2));
        }

        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "0000000000000009.lp.tmp"), "m value=1i 1\nm valu");
        using LineProtocolSpool reopened = Open();
        await reopened.EnqueueAsync("third", TestPoints.Lines("m", 4, 2));
        var writer = new RecordingWriter();

        await reopened.FlushAsync(writer);

        Assert.Equal(TestPoints.Lines("m", 0, 6), writer.Lines);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public async Task Reopen_AfterACrashDuringReplacement_DeliversOnlyTheNewerContent()
    {
        string stale;
        using (LineProtocolSpool spool = Open())
        {
            await spool.EnqueueAsync("cycle", TestPoints.Lines("old", 0, 2));
            stale = Directory.GetFiles(_directory.Path, "*.lp").Single();
            string content = await File.ReadAllTextAsync(stale);
            await spool.EnqueueAsync("cycle", TestPoints.Lines("new", 0, 2));
            await File.WriteAllTextAsync(stale, content); // as if the process died before deleting the older file
        }

        using LineProtocolSpool reopened = Open();
        var writer = new RecordingWriter();
        await reopened.FlushAsync(writer);

        Assert.Equal(TestPoints.Lines("new", 0, 2), writer.Lines);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Status_CountsPendingLinesBytesAndTheOldestAge()
    {
        using LineProtocolSpool spool = Open();
        await spool.EnqueueAsync("a", TestPoints.Lines("m", 0, 3));
        _clock.Now += TimeSpan.FromMinutes(7);
        await spool.EnqueueAsync("b", TestPoints.Lines("m", 3, 4));
        _clock.Now += TimeSpan.FromMinutes(3);

        SpoolStatus status = spool.GetStatus();

        Assert.Equal(2, status.PendingBatches);
        Assert.Equal(7, status.PendingLines);
        Assert.Equal(Directory.GetFiles(spool.DirectoryPath, "*.lp").Sum(f => new FileInfo(f).Length), status.PendingBytes);
        Assert.Equal(TimeSpan.FromMinutes(10), status.OldestPendingAge);
        Assert.False(status.QuotaReached);
    }

    [Fact]
    public async Task Enqueue_PastTheQuota_ThrowsSinkFull_NamingTheKeySizeAndPath()
    {
        using LineProtocolSpool spool = Open(quotaBytes: 400);
        await spool.EnqueueAsync("a", TestPoints.Lines("m", 0, 5));

        var error = await Assert.ThrowsAsync<SinkFullException>(() => spool.EnqueueAsync("b", TestPoints.Lines("m", 5, 5)));

        Assert.Contains("Influx:SpoolQuotaMegabytes", error.Message, StringComparison.Ordinal);
        Assert.Contains(spool.DirectoryPath, error.Message, StringComparison.Ordinal);
        Assert.Contains($"holds {spool.GetStatus().PendingBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.True(spool.GetStatus().QuotaReached);
        Assert.Equal(1, spool.GetStatus().PendingBatches);
    }

    [Fact]
    public async Task Enqueue_ALineWithALineBreak_IsRefusedAndNothingIsStored()
    {
        using LineProtocolSpool spool = Open();

        await Assert.ThrowsAsync<ArgumentException>(() => spool.EnqueueAsync("a", ["m value=1i 1\nm value=2i 2"]));

        Assert.Empty(Directory.GetFiles(spool.DirectoryPath));
    }

    private LineProtocolSpool Open(long quotaBytes = 1 << 20, int batchLines = 5000) => new(_directory.Path, quotaBytes, batchLines, _clock);
}
