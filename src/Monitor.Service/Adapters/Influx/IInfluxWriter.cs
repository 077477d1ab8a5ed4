namespace Monitor.Service.Adapters.Influx;

/// <summary>Sends line protocol (second precision) to one InfluxDB destination.</summary>
internal interface IInfluxWriter
{
    /// <summary>A short, secret-free name such as <c>influxdb v1 http://127.0.0.1:8086 db=v2vmonitor</c>.</summary>
    public string Describe();

    /// <summary>Writes <paramref name="lines"/> in one request; returns once the server accepted all of them.</summary>
    /// <exception cref="InfluxRequestException">The server refused or could not be reached (see <see cref="InfluxRequestException.IsTransient"/>).</exception>
    public Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken);
}
