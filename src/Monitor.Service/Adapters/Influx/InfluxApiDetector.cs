using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// Chooses the API from <c>GET /ping</c>'s <c>X-Influxdb-Version</c> header: below 1.8 the server has only the v1 API;
/// 1.8 added the v2 compatibility endpoints, and 2.x/3.x speak v2 natively.
/// </summary>
internal static partial class InfluxApiDetector
{
    /// <summary>Asks the server at <paramref name="baseUrl"/> for its version and picks the API.</summary>
    /// <exception cref="InfluxRequestException">No reply (transient), or a reply without a usable version header (permanent: set <c>Influx:Api</c>).</exception>
    public static async Task<InfluxDetection> DetectAsync(HttpClient http, string baseUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        Uri ping = InfluxHttp.Combine(baseUrl, "ping");
        using var request = new HttpRequestMessage(HttpMethod.Get, ping);
        (HttpResponseMessage response, _) = await InfluxHttp.SendAsync(http, request, timeout, $"Detecting the API at {ping}", cancellationToken)
            .ConfigureAwait(false);
        using (response)
        {
            string? version = response.Headers.TryGetValues("X-Influxdb-Version", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
            InfluxApi? api = version is null ? null : ApiFor(version);
            if (api is null)
            {
                throw new InfluxRequestException(
                    $"{ping} answered without a usable X-Influxdb-Version header ('{version ?? "none"}'): set Influx:Api to v1 or v2",
                    (int)response.StatusCode, version ?? "");
            }

            return new InfluxDetection(version!, api.Value);
        }
    }

    /// <summary>The API for a version string (<c>1.6.7~rc0</c> → v1, <c>1.8.10</c>, <c>v2.7.4</c>, <c>3.0.1</c> → v2), or null when unreadable.</summary>
    public static InfluxApi? ApiFor(string version)
    {
        Match match = VersionPattern().Match(version.Trim());
        if (!match.Success)
        {
            return null;
        }

        int major = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        int minor = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        return major < 1 || (major == 1 && minor < 8) ? InfluxApi.V1 : InfluxApi.V2;
    }

    [GeneratedRegex(@"^[vV]?(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
