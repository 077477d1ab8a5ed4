using System.Diagnostics;
using System.Globalization;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Options;
using Monitor.Shared;

namespace Monitor.Service.Tests.Influx;

/// <summary>
/// A private InfluxDB 1.x (Debian's <c>influxd</c>, 1.6.7) in a temporary directory on free loopback ports, with
/// authentication on and an admin user, whatever the system daemon does. <see cref="Stop"/>/<see cref="StartAsync()"/>
/// keep the data directory for outage drills.
/// </summary>
public sealed class InfluxServer : IAsyncDisposable
{
    public const string User = "v2vadmin";

    private static readonly HttpClient Http = new();
    private readonly string _directory;
    private readonly string _executable;
    private readonly string _config;
    private ServerProcess? _process;

    private InfluxServer(string executable)
    {
        _executable = executable;
        _directory = Directory.CreateTempSubdirectory("v2v-influxd-").FullName;
        HttpPort = FreePort.Next();
        Password = "pw" + Guid.NewGuid().ToString("N");
        _config = InfluxdConfiguration.Write(_directory, HttpPort, FreePort.Next(), authentication: true);
    }

    public int HttpPort { get; }

    public string Url => $"http://127.0.0.1:{HttpPort}";

    public string Password { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts a fresh server with an admin user.</summary>
    public static async Task<InfluxServer> StartNewAsync()
    {
        string executable = ServerProcess.Find("influxd", "/usr/bin", "/usr/sbin")
            ?? throw new InvalidOperationException(
                "influxd (Debian package influxdb, 1.6.7) was not found on PATH or at /usr/bin/influxd; the InfluxDB tests need it: " +
                "run scripts/install-deps.sh --test as root.");
        var server = new InfluxServer(executable);
        try
        {
            await server.StartAsync();
            // With no user yet, InfluxDB 1.x lets anyone create the first admin.
            await server.PostQueryAsync($"CREATE USER \"{User}\" WITH PASSWORD '{server.Password}' WITH ALL PRIVILEGES", authenticate: false);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts influxd on the same ports and data and waits until <c>/ping</c> answers 204.</summary>
    public async Task StartAsync()
    {
        _process = ServerProcess.Start(_executable, "run", "-config", _config);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited at start-up ({_executable}, config {_config}):\n{_process.Output}");
            }

            try
            {
                using HttpResponseMessage ping = await Http.GetAsync(new Uri($"{Url}/ping"));
                if ((int)ping.StatusCode == 204)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"influxd did not answer {Url}/ping within 60 s:\n{_process.Output}");
    }

    /// <summary>Kills influxd (an outage, as abrupt as a crash); data written before stays in its WAL.</summary>
    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Options for the sink and query client against database <paramref name="database"/> (v1, admin credentials).</summary>
    public InfluxOptions Options(string database, InfluxApi api = InfluxApi.V1) => new()
    {
        Url = Url,
        Api = api,
        Database = database,
        User = User,
        Password = Password,
        TimeoutSeconds = 30, // generous: on a loaded 2-core machine an authenticated request (bcrypt) took over 5 s
    };

    /// <summary>Creates a database (with its <c>autogen</c> policy) and returns options for it.</summary>
    public async Task<InfluxOptions> CreateDatabaseAsync(string database)
    {
        await PostQueryAsync($"CREATE DATABASE \"{database}\"", authenticate: true);
        return Options(database);
    }

    /// <summary>Runs InfluxQL against <paramref name="database"/>.</summary>
    internal Task<IReadOnlyList<InfluxSeries>> QueryAsync(string database, string influxQl) =>
        new InfluxQueryClient(Http, Options(database), InfluxApi.V1).QueryAsync(influxQl);

    /// <summary>Number of points in <paramref name="measurement"/> (counting field <paramref name="field"/>).</summary>
    public async Task<long> CountAsync(string database, string measurement, string field = "value")
    {
        IReadOnlyList<InfluxSeries> series = await QueryAsync(database, $"SELECT count(\"{field}\") FROM \"{measurement}\"");
        return series.Count == 0 ? 0 : Convert.ToInt64(series[0].Values[0][1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private async Task PostQueryAsync(string influxQl, bool authenticate)
    {
        InfluxOptions options = authenticate ? Options("") : new InfluxOptions { Url = Url, Database = "" };
        await new InfluxQueryClient(Http, options, InfluxApi.V1).ExecuteAsync(influxQl);
    }
}
