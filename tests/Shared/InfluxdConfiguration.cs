using System.Globalization;

namespace Monitor.Shared;

/// <summary>
/// The configuration of a private InfluxDB 1.x (Debian's <c>influxd</c>) for tests and benchmarks: meta, data and WAL
/// under one directory, HTTP and RPC on loopback ports, reporting, monitoring, retention, subscribers, continuous queries
/// and query logging off. Compiled into the test project and the benchmark harness (linked source, no shared assembly).
/// </summary>
internal static class InfluxdConfiguration
{
    /// <summary>Writes <c>influxdb.conf</c> into <paramref name="directory"/> and returns its path.</summary>
    /// <param name="directory">The server's own directory.</param>
    /// <param name="httpPort">HTTP port (127.0.0.1).</param>
    /// <param name="rpcPort">RPC (backup) port (127.0.0.1).</param>
    /// <param name="authentication">Whether HTTP requests must authenticate.</param>
    public static string Write(string directory, int httpPort, int rpcPort, bool authentication)
    {
        string path = Path.Combine(directory, "influxdb.conf");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{{rpcPort}}"

            [meta]
              dir = "{{directory}}/meta"
              logging-enabled = false

            [data]
              dir = "{{directory}}/data"
              wal-dir = "{{directory}}/wal"
              query-log-enabled = false

            [retention]
              enabled = false

            [monitor]
              store-enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{{httpPort}}"
              auth-enabled = {{(authentication ? "true" : "false")}}
              log-enabled = false

            [subscriber]
              enabled = false

            [continuous_queries]
              enabled = false

            [logging]
              level = "warn"
              suppress-logo = true
            """));
        return path;
    }
}
