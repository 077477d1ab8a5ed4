using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Options;

namespace Monitor.Service.Tests.Influx;

/// <summary>The v1 and v2 writers and API detection against a real InfluxDB 1.6.7 (v2 through the nginx stand-in for 1.8).</summary>
public sealed class InfluxWriterTests(InfluxServerFixture fixture) : IClassFixture<InfluxServerFixture>
{
    private static readonly HttpClient Http = new();

    private InfluxServer Server => fixture.Server;

    [Fact]
    public async Task V1Write_KnownPoints_InfluxQlReturnsExactlyThem()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync(InfluxServerFixture.NewDatabase());
        var writer = new InfluxV1Writer(Http, options);

        await writer.WriteAsync(TestPoints.Lines("probe", 0, 10), CancellationToken.None);

        Assert.Equal(TestPoints.Expected(0, 10), await ReadAsync(options.Database, "probe"));
    }

    [Fact]
    public async Task V2Write_ThroughV18CompatibilityProxy_InfluxQlOnTheRealServerReturnsExactlyThem()
    {
        string database = InfluxServerFixture.NewDatabase();
        await Server.CreateDatabaseAsync(database);
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(Server.HttpPort);
        using var writer = new InfluxV2Writer(V2Options(proxy, database));

        await writer.WriteAsync(TestPoints.Lines("probe", 100, 7), CancellationToken.None);

        Assert.Equal(TestPoints.Expected(100, 7), await ReadAsync(database, "probe"));
        Assert.StartsWith($"influxdb v2 {proxy.Url} bucket={database}/autogen", writer.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2Write_TokenWithWrongPassword_IsRefusedPermanently_SoTheTokenReallyCarriesTheCredentials()
    {
        string database = InfluxServerFixture.NewDatabase();
        await Server.CreateDatabaseAsync(database);
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(Server.HttpPort);
        InfluxOptions options = V2Options(proxy, database);
        options.Password = "wrong";
        using var writer = new InfluxV2Writer(options);

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => writer.WriteAsync(TestPoints.Lines("probe", 0, 1), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.False(error.RejectsBatch);
        Assert.Equal(0, await Server.CountAsync(database, "probe"));
    }

    [Fact]
    public async Task V2Write_BadLineProtocol_IsABatchRejectionCarryingTheServersReply()
    {
        string database = InfluxServerFixture.NewDatabase();
        await Server.CreateDatabaseAsync(database);
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(Server.HttpPort);
        using var writer = new InfluxV2Writer(V2Options(proxy, database));

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => writer.WriteAsync(["probe,site=a value= 12"], CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.True(error.RejectsBatch);
        Assert.Contains("unable to parse", error.ServerReply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2Write_ProxyWhoseUpstreamIsDown_IsTransient()
    {
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(FreePort.Next());
        using var writer = new InfluxV2Writer(V2Options(proxy, "nowhere"));

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => writer.WriteAsync(TestPoints.Lines("probe", 0, 1), CancellationToken.None));

        Assert.Equal(502, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task V2Write_NothingListening_IsTransient()
    {
        using var writer = new InfluxV2Writer(new InfluxOptions { Url = $"http://127.0.0.1:{FreePort.Next()}", Token = "t", TimeoutSeconds = 5 });

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => writer.WriteAsync(TestPoints.Lines("probe", 0, 1), CancellationToken.None));

        Assert.True(error.IsTransient, error.ToString());
    }

    [Fact]
    public async Task V1Write_BadLineProtocol_IsABatchRejectionCarryingTheServersReply()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync(InfluxServerFixture.NewDatabase());
        var writer = new InfluxV1Writer(Http, options);

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => writer.WriteAsync(["probe,site=a value= 12"], CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.True(error.RejectsBatch);
        Assert.False(error.IsTransient);
        Assert.Contains("unable to parse", error.ServerReply, StringComparison.Ordinal);
        Assert.Contains("unable to parse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1Write_WrongPassword_IsPermanentButNotABatchRejection()
    {
        InfluxOptions options = await Server.CreateDatabaseAsync(InfluxServerFixture.NewDatabase());
        options.Password = "wrong";

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => new InfluxV1Writer(Http, options).WriteAsync(TestPoints.Lines("probe", 0, 1),
            CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.False(error.RejectsBatch);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1Write_DatabaseThatDoesNotExist_Is404Permanent()
    {
        InfluxOptions options = Server.Options("never_created");

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => new InfluxV1Writer(Http, options).WriteAsync(TestPoints.Lines("probe", 0, 1),
            CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Contains("database not found", error.ServerReply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1Write_NothingListening_IsTransient()
    {
        var options = new InfluxOptions { Url = $"http://127.0.0.1:{FreePort.Next()}", TimeoutSeconds = 5 };

        var error = await Assert.ThrowsAsync<InfluxRequestException>(() => new InfluxV1Writer(Http, options).WriteAsync(TestPoints.Lines("probe", 0, 1),
            CancellationToken.None));

        Assert.Equal(0, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Detect_Influx167_PicksV1()
    {
        InfluxDetection detection = await InfluxApiDetector.DetectAsync(Http, Server.Url, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.StartsWith("1.6.", detection.Version, StringComparison.Ordinal);
        Assert.Equal(InfluxApi.V1, detection.Api);
    }

    [Fact]
    public async Task Detect_V18Proxy_PicksV2()
    {
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(Server.HttpPort);

        InfluxDetection detection = await InfluxApiDetector.DetectAsync(Http, proxy.Url, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(NginxInfluxV2Proxy.Version, detection.Version);
        Assert.Equal(InfluxApi.V2, detection.Api);
    }

    [Fact]
    public async Task Sink_WithApiAuto_DetectsV2BehindTheProxy_DeliversAndDescribesWithoutSecrets()
    {
        string database = InfluxServerFixture.NewDatabase();
        await Server.CreateDatabaseAsync(database);
        using NginxInfluxV2Proxy proxy = await NginxInfluxV2Proxy.StartAsync(Server.HttpPort);
        InfluxOptions options = V2Options(proxy, database);
        options.Api = InfluxApi.Auto;
        using var spoolDirectory = new Cli.TestDirectory();
        using var spool = new LineProtocolSpool(spoolDirectory.Path, options.SpoolQuotaBytes, options.BatchLines, TimeProvider.System);
        using var destination = new InfluxDestination(Http, options, NullLogger.Instance);
        var sink = new InfluxPointSink(destination, spool, NullLogger<InfluxPointSink>.Instance);
        Assert.StartsWith("influxdb auto ", sink.Describe(), StringComparison.Ordinal);

        await sink.WriteAsync("2026111812", TestPoints.Lines("probe", 0, 5));

        Assert.Equal(InfluxApi.V2, destination.Api);
        Assert.Equal($"influxdb v2 {proxy.Url} bucket={database}/autogen org=-", sink.Describe());
        Assert.DoesNotContain(Server.Password, sink.Describe(), StringComparison.Ordinal);
        Assert.Equal(0, sink.Status.PendingBatches);
        Assert.Equal(TestPoints.Expected(0, 5), await ReadAsync(database, "probe"));
    }

    private InfluxOptions V2Options(NginxInfluxV2Proxy proxy, string database) => new()
    {
        Url = proxy.Url,
        Api = InfluxApi.V2,
        Database = database,
        User = InfluxServer.User,
        Password = Server.Password,
        TimeoutSeconds = 30,
    };

    private async Task<List<(long Time, string Site, long Value)>> ReadAsync(string database, string measurement)
    {
        IReadOnlyList<InfluxSeries> series = await Server.QueryAsync(database, $"SELECT \"site\", \"value\" FROM \"{measurement}\" ORDER BY time");
        InfluxSeries only = Assert.Single(series);
        Assert.Equal(["time", "site", "value"], only.Columns);
        return [.. only.Values.Select(row => ((long)row[0]!, (string)row[1]!, (long)row[2]!))];
    }
}
