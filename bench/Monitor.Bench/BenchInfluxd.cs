using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Monitor.Shared;

namespace Monitor.Bench;

/// <summary>
/// A private InfluxDB 1.x (Debian's <c>influxd</c>) for the benchmark: its own configuration, data, WAL and meta
/// directories under a temporary directory, HTTP and RPC on free loopback ports, authentication off, reporting,
/// monitoring, retention and query logging off. Killed and deleted on <see cref="Dispose"/>.
/// </summary>
internal sealed class BenchInfluxd : IDisposable
{
    private static readonly string[] Locations = ["/usr/bin/influxd", "/usr/sbin/influxd"];
    private readonly Process _process;
    private readonly string _directory;

    private BenchInfluxd(Process process, string directory, int port, string version)
    {
        _process = process;
        _directory = directory;
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        Version = version;
    }

    /// <summary>The HTTP base URL.</summary>
    public string Url { get; }

    /// <summary>The server's version (<c>X-Influxdb-Version</c> of <c>/ping</c>).</summary>
    public string Version { get; }

    /// <summary>Starts influxd and waits until <c>/ping</c> answers 204.</summary>
    public static async Task<BenchInfluxd> StartAsync(HttpClient http)
    {
        string executable = Locations.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("influxd not found at /usr/bin/influxd: install Debian's package influxdb (1.6.7).");
        string directory = Directory.CreateTempSubdirectory("v2v-bench-influxd-").FullName;
        int port = FreePort(), rpc = FreePort();
        string config = InfluxdConfiguration.Write(directory, port, rpc, authentication: false);
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("run");
        info.ArgumentList.Add("-config");
        info.ArgumentList.Add(config);

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                Directory.Delete(directory, recursive: true);
                throw new InvalidOperationException($"influxd exited at start-up (config {config}).");
            }

            try
            {
                using HttpResponseMessage ping = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/ping"));
                if (ping.StatusCode == HttpStatusCode.NoContent)
                {
                    string version = ping.Headers.TryGetValues("X-Influxdb-Version", out var v) ? string.Join(",", v) : "unknown";
                    return new BenchInfluxd(process, directory, port, version);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        process.Kill();
        throw new InvalidOperationException("influxd did not answer /ping within 60 s.");
    }

    /// <summary>Runs one InfluxQL statement (e.g. <c>CREATE DATABASE</c>).</summary>
    public async Task QueryAsync(HttpClient http, string influxQl, string database = "")
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["q"] = influxQl, ["db"] = database });
        using HttpResponseMessage response = await http.PostAsync(new Uri($"{Url}/query"), content);
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"influxd refused '{influxQl}': {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>The reply to an InfluxQL query, as JSON text.</summary>
    public async Task<string> SelectAsync(HttpClient http, string influxQl, string database)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri($"{Url}/query?db={Uri.EscapeDataString(database)}&q={Uri.EscapeDataString(influxQl)}"));
        return await response.Content.ReadAsStringAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
