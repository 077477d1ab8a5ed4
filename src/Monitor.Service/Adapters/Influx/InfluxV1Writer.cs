using System.Text;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// Writes through InfluxDB 1.x's <c>POST /write?db=&amp;rp=&amp;precision=s</c>, authenticating with basic
/// authentication when a user is configured (the password never goes into a URL).
/// </summary>
internal sealed class InfluxV1Writer : IInfluxWriter
{
    private readonly HttpClient _http;
    private readonly InfluxOptions _options;
    private readonly Uri _writeUri;

    /// <summary>Creates a writer over a caller-owned <paramref name="http"/> client.</summary>
    public InfluxV1Writer(HttpClient http, InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Url);
        _http = http;
        _options = options;
        string rp = string.IsNullOrEmpty(options.RetentionPolicy) ? "" : $"&rp={Uri.EscapeDataString(options.RetentionPolicy)}";
        _writeUri = InfluxHttp.Combine(options.Url, $"write?db={Uri.EscapeDataString(options.Database)}{rp}&precision=s");
    }

    /// <inheritdoc/>
    public string Describe() => string.IsNullOrEmpty(_options.RetentionPolicy)
        ? $"influxdb v1 {_options.Url} db={_options.Database}"
        : $"influxdb v1 {_options.Url} db={_options.Database} rp={_options.RetentionPolicy}";

    /// <inheritdoc/>
    public async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri)
        {
            Content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = InfluxHttp.Basic(_options.User, _options.ResolvePassword());
        (HttpResponseMessage response, _) = await InfluxHttp.SendAsync(_http, request, TimeSpan.FromSeconds(_options.TimeoutSeconds),
            $"Writing {lines.Count} lines to {Describe()}", cancellationToken).ConfigureAwait(false);
        response.Dispose();
    }
}
