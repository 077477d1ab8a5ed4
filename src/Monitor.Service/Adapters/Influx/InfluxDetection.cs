using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>What <c>GET /ping</c> told about a server: its version string and the API chosen for it.</summary>
/// <param name="Version">The <c>X-Influxdb-Version</c> header, e.g. <c>1.6.7~rc0</c> or <c>v2.7.4</c>.</param>
/// <param name="Api">The API to speak: <see cref="InfluxApi.V1"/> below 1.8, <see cref="InfluxApi.V2"/> from 1.8 on.</param>
internal sealed record InfluxDetection(string Version, InfluxApi Api);
