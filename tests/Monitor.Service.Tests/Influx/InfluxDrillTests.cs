using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Options;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.Influx;

/// <summary>Outage, re-delivery, rejection and quota drills of the sink against a real InfluxDB 1.6.7 of their own.</summary>
public sealed class InfluxDrillTests : IAsyncLifetime, IDisposable
{
    private static readonly HttpClient Http = new();
    private readonly TestDirectory _directory = new();
    private InfluxServer? _server;

    private InfluxServer Server => _server!;

    public async Task InitializeAsync() => _server = await InfluxServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Outage_BatchesWaitInTheSpoolInOrder_AndAfterTheRestartEveryPointArrivesExactlyOnce()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync("drill");
        (InfluxPointSink sink, LineProtocolSpool spool, InfluxDestination destination) = Open(options);
        using (spool)
        using (destination)
        {
            Server.Stop();
            for (int b = 0; b < 5; b++)
            {
                // Every batch also rewrites one shared point: after delivery it must hold the last batch's value (order kept).
                await sink.WriteAsync($"cycle{b}", [.. TestPoints.Lines("drill", b * 100, 100), $"order value={b}i {TestPoints.Start}"]);
                Assert.Equal(b + 1, spool.GetStatus().PendingBatches);
            }

            SpoolFlushResult during = await sink.FlushAsync();
            Assert.True(during.StoppedBy?.IsTransient);
            Assert.Equal(0, during.DeliveredBatches);
            Assert.Equal(505, spool.GetStatus().PendingLines);
            Assert.NotNull(spool.GetStatus().LastError);

            await Server.StartAsync();
            SpoolFlushResult after = await sink.FlushAsync();

            Assert.Null(after.StoppedBy);
            Assert.Equal(5, after.DeliveredBatches);
            Assert.Equal(0, spool.GetStatus().PendingBatches);
            Assert.Equal(500, await Server.CountAsync("drill", "drill"));
            Assert.Equal(500, (await Server.QueryAsync("drill", "SELECT count(value) FROM drill GROUP BY site")).Sum(s => (long)s.Values[0][1]!));
            InfluxSeries order = Assert.Single(await Server.QueryAsync("drill", "SELECT value FROM \"order\""));
            Assert.Equal(4L, Assert.Single(order.Values)[1]);
        }
    }

    [Fact]
    public async Task Redelivery_OfABatchTheServerAcceptedBeforeACrashDeletedIt_CreatesNoDuplicate()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync("again");
        string copy = Path.Combine(_directory.Path, "copy");
        (InfluxPointSink sink, LineProtocolSpool spool, InfluxDestination destination) = Open(options);
        using (destination)
        {
            using (spool)
            {
                Server.Stop();
                await sink.WriteAsync("cycle", TestPoints.Lines("again", 0, 50));
                Directory.CreateDirectory(copy);
                foreach (string file in Directory.GetFiles(spool.DirectoryPath))
                {
                    File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
                }

                await Server.StartAsync();
                Assert.Equal(1, (await sink.FlushAsync()).DeliveredBatches);
            }

            // The process "died" between the server's 204 and the delete: the file is back when it restarts.
            foreach (string file in Directory.GetFiles(copy))
            {
                File.Copy(file, Path.Combine(SpoolPath, Path.GetFileName(file)));
            }

            using var reopened = new LineProtocolSpool(SpoolPath, options.SpoolQuotaBytes, options.BatchLines, TimeProvider.System);
            Assert.Equal(1, reopened.GetStatus().PendingBatches);
            SpoolFlushResult again = await reopened.FlushAsync(await destination.GetWriterAsync(CancellationToken.None));

            Assert.Equal(1, again.DeliveredBatches);
            Assert.Equal(50, await Server.CountAsync("again", "again"));
        }
    }

    [Fact]
    public async Task BadLineProtocol_MovesTheBatchToRejectedBesideTheServersReply_AndLaterBatchesStillArrive()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync("bad");
        (InfluxPointSink sink, LineProtocolSpool spool, InfluxDestination destination) = Open(options);
        using (spool)
        using (destination)
        {
            await sink.WriteAsync("broken", ["bad,site=a value= 1 1795000000"]);
            await sink.WriteAsync("good", TestPoints.Lines("bad", 0, 3));

            string rejected = Assert.Single(Directory.GetFiles(spool.RejectedPath, "*.lp"));
            string reason = await File.ReadAllTextAsync(rejected + ".reason");
            Assert.Contains("batch-key: broken", reason, StringComparison.Ordinal);
            Assert.Contains("http-status: 400", reason, StringComparison.Ordinal);
            Assert.Contains("unable to parse", reason, StringComparison.Ordinal);
            Assert.Contains("bad,site=a value= 1 1795000000", await File.ReadAllTextAsync(rejected), StringComparison.Ordinal);
            Assert.Equal(1, spool.GetStatus().RejectedBatches);
            Assert.Equal(0, spool.GetStatus().PendingBatches);
            Assert.Equal(3, await Server.CountAsync("bad", "bad"));
        }
    }

    [Fact]
    public async Task Quota_WhileTheServerIsDown_RaisesSinkFullNamingTheKey_AndAcceptsAgainAfterAFlush()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync("quota");
        (InfluxPointSink sink, LineProtocolSpool spool, InfluxDestination destination) = Open(options, quotaBytes: 10_000);
        using (spool)
        using (destination)
        {
            Server.Stop();
            int accepted = 0;
            SinkFullException? full = null;
            while (full is null && accepted < 100)
            {
                try
                {
                    await sink.WriteAsync($"cycle{accepted}", TestPoints.Lines("quota", accepted * 100, 100));
                    accepted++;
                }
                catch (SinkFullException e)
                {
                    full = e;
                }
            }

            Assert.NotNull(full);
            Assert.InRange(accepted, 1, 5);
            Assert.Contains("Influx:SpoolQuotaMegabytes", full.Message, StringComparison.Ordinal);
            Assert.Contains(spool.DirectoryPath, full.Message, StringComparison.Ordinal);
            Assert.True(spool.GetStatus().QuotaReached);

            await Server.StartAsync();
            await sink.FlushAsync();
            Assert.False(spool.GetStatus().QuotaReached);
            await sink.WriteAsync("late", TestPoints.Lines("quota", 10_000, 100));

            Assert.Equal(0, spool.GetStatus().PendingBatches);
            Assert.Equal((accepted + 1) * 100, await Server.CountAsync("quota", "quota"));
        }
    }

    private string SpoolPath => Path.Combine(_directory.Path, "spool");

    private (InfluxPointSink Sink, LineProtocolSpool Spool, InfluxDestination Destination) Open(InfluxOptions options, long? quotaBytes = null)
    {
        var spool = new LineProtocolSpool(SpoolPath, quotaBytes ?? options.SpoolQuotaBytes, options.BatchLines, TimeProvider.System);
        var destination = new InfluxDestination(Http, options, NullLogger.Instance);
        return (new InfluxPointSink(destination, spool, NullLogger<InfluxPointSink>.Instance), spool, destination);
    }
}
