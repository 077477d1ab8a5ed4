namespace Monitor.Service.Options;

/// <summary>Which InfluxDB HTTP API the sink speaks (configuration key <c>Influx:Api</c>).</summary>
public enum InfluxApi
{
    /// <summary>Ask the server: <c>GET /ping</c>'s <c>X-Influxdb-Version</c> below 1.8 selects v1, otherwise v2.</summary>
    Auto,

    /// <summary>InfluxDB 1.x: <c>POST /write?db=&amp;rp=&amp;precision=s</c>, user and password.</summary>
    V1,

    /// <summary>InfluxDB 2.x, 3.x and 1.8+ (compatibility endpoint): <c>POST /api/v2/write</c>, org, bucket and token.</summary>
    V2,
}
