using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Service.Hosting;
using Monitor.Service.Http;
using Monitor.Service.Tests.Influx;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// <c>serve</c> writing to a real InfluxDB (Debian's influxd 1.6.7) over the v1 API and, through nginx standing in for
/// InfluxDB 1.8's compatibility endpoint, over the v2 API: after each cycle InfluxQL returns exactly the report's points,
/// and an outage of the server while cycles keep arriving loses none and duplicates none.
/// </summary>
public sealed class ServeInfluxTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task Every_point_of_every_cycle_arrives_exactly_once_across_an_outage()
    {
        await using InfluxServer server = await InfluxServer.StartNewAsync();
        string database = InfluxServerFixture.NewDatabase();
        await server.CreateDatabaseAsync(database);
        string data = fixture.NewDataDirectory();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data, InfluxArgs(server.Url, "v1", database, server)));
        await app.StartAsync();
        try
        {
            string inbox = Path.Combine(data, "inbox");
            fixture.Drop(inbox, MonitorFixture.NewCycles[0]);
            await WaitDoneAsync(app, 1);
            await WaitDrainedAsync(app);
            await AssertExactlyTheReportsPointsAsync(server, database, data, MonitorFixture.NewCycles[0]);

            // Outage: the server goes away, a cycle arrives and is processed all the same; its points wait in the spool.
            server.Stop();
            fixture.Drop(inbox, MonitorFixture.NewCycles[1]);
            await WaitDoneAsync(app, 2);
            Assert.True(Spool(app).PendingBatches >= 1, "the second cycle's points should wait in the spool while the server is down");
            Match pending = Regex.Match(app.Services.GetRequiredService<PrometheusExporter>().Scrape(), @"v2v_spool_pending_batches\{sink=""influxdb v1 [^""]*""\} (\d+)");
            Assert.True(pending.Success && int.Parse(pending.Groups[1].Value, CultureInfo.InvariantCulture) >= 1, "/metrics should show the waiting batches");
            await server.StartAsync();
            await WaitDrainedAsync(app);

            await AssertExactlyTheReportsPointsAsync(server, database, data, MonitorFixture.NewCycles[0]);
            await AssertExactlyTheReportsPointsAsync(server, database, data, MonitorFixture.NewCycles[1]);
            await AssertHistoryAgreesWithTheLocalReportsAsync(app, data);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task The_v2_api_detected_behind_the_18_compatibility_endpoint_receives_every_point()
    {
        await using InfluxServer server = await InfluxServer.StartNewAsync();
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(server.HttpPort);
        string database = InfluxServerFixture.NewDatabase();
        await server.CreateDatabaseAsync(database);
        string data = fixture.NewDataDirectory();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data, InfluxArgs(proxy.Url, "auto", database, server)));
        await app.StartAsync();
        try
        {
            fixture.Drop(Path.Combine(data, "inbox"), MonitorFixture.NewCycles[2]);
            await WaitDoneAsync(app, 1);
            await WaitDrainedAsync(app);

            Assert.StartsWith("influxdb v2", Spool(app).Sink, StringComparison.Ordinal);
            await AssertExactlyTheReportsPointsAsync(server, database, data, MonitorFixture.NewCycles[2]);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>InfluxQL history (what analysts query) gives the answers the local reports give for the same cycles.</summary>
    private async Task AssertHistoryAgreesWithTheLocalReportsAsync(WebApplication app, string data)
    {
        IMonitorHistory influx = app.Services.GetRequiredService<IMonitorHistory>();
        var local = new ReportHistory(Path.Combine(data, "reports"));
        Assert.StartsWith("influxdb", influx.Describe(), StringComparison.Ordinal);
        DateTime first = Monitor.Core.Grids.CycleId.Parse(MonitorFixture.NewCycles[0]).InitTime, last = first.AddDays(2);

        IReadOnlyList<RegimeObservation> regimes = await influx.RegimesAsync(first, last, 24);
        Assert.Equal(2, regimes.Count);
        Assert.Equal(await local.RegimesAsync(first, last, 24), regimes);

        string model = Monitor.Core.Transfer.ModelSpec.Load(fixture.Model).Name;
        IReadOnlyList<ShareStatistics> expected = await local.RelevanceSharesAsync(model, "europe", 24, first, last);
        IReadOnlyList<ShareStatistics> found = await influx.RelevanceSharesAsync(model, "europe", 24, first, last);
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected.Select(s => (s.Input, s.Count)), found.Select(s => (s.Input, s.Count)));
        Assert.All(expected.Zip(found), pair =>
        {
            Assert.Equal(2, pair.First.Count);
            Assert.Equal(pair.First.Mean, pair.Second.Mean, 1e-12);
            Assert.Equal(pair.First.StandardDeviation, pair.Second.StandardDeviation, 1e-12);
            Assert.Equal(pair.First.Minimum, pair.Second.Minimum, 1e-15);
            Assert.Equal(pair.First.Maximum, pair.Second.Maximum, 1e-15);
        });
    }

    private static string[] InfluxArgs(string url, string api, string database, InfluxServer server) =>
    [
        $"--Influx:Url={url}", $"--Influx:Api={api}", $"--Influx:Database={database}", $"--Influx:User={InfluxServer.User}",
        $"--Influx:Password={server.Password}", "--Influx:FlushIntervalSeconds=1", "--Influx:TimeoutSeconds=30",
    ];

    /// <summary>Per measurement, the points with this cycle in InfluxDB equal the points of its report.json (no more: no duplicates).</summary>
    private static async Task AssertExactlyTheReportsPointsAsync(InfluxServer server, string database, string data, string cycle)
    {
        CycleReport report = CycleReportFile.Read(Path.Combine(data, "reports", cycle, CycleReportFile.FileName));
        Dictionary<string, int> expected = ReportPoints.From(report).Where(p => LineProtocol.Format(p) is not null)
            .GroupBy(p => p.Measurement).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(expected[PointSchema.Relevance] > 0);
        foreach (string measurement in PointSchema.Measurements)
        {
            IReadOnlyList<Monitor.Service.Adapters.Influx.InfluxSeries> series = await server.QueryAsync(database,
                $"SELECT count(\"{PointSchema.CycleField}\") FROM \"{measurement}\" WHERE \"{PointSchema.CycleField}\" = '{cycle}'");
            long found = series.Count == 0 ? 0 : Convert.ToInt64(series[0].Values[0][1], CultureInfo.InvariantCulture);
            Assert.True(expected.GetValueOrDefault(measurement) == found, $"{measurement} of {cycle}: expected {expected.GetValueOrDefault(measurement)} points, InfluxDB has {found}");
        }
    }

    private static SpoolGaugeReading Spool(WebApplication app) => app.Services.GetServices<ISpoolGauge>().Single().Read();

    private static async Task WaitDoneAsync(WebApplication app, int count)
    {
        ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
        await Eventually.WaitUntilAsync(async () => (await ledger.ListAsync()).Count(r => r.Status == CycleStatus.Done) == count);
    }

    private static Task WaitDrainedAsync(WebApplication app) => Eventually.WaitUntilAsync(() => Task.FromResult(Spool(app).PendingBatches == 0));
}
