using System.Text.Json;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// InfluxQL over <c>/query</c> (<c>epoch=s</c>): on 1.x natively, on 2.x and 3.x through their v1 compatibility API
/// (database = the DBRP mapping of the bucket). Authenticates with basic authentication for v1 and
/// <c>Authorization: Token</c> for v2.
/// </summary>
internal sealed class InfluxQueryClient
{
    private readonly HttpClient _http;
    private readonly InfluxOptions _options;
    private readonly InfluxApi _api;

    /// <summary>Creates a client over a caller-owned <paramref name="http"/> client; <paramref name="api"/> chooses the authentication.</summary>
    public InfluxQueryClient(HttpClient http, InfluxOptions options, InfluxApi api)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Url);
        _http = http;
        _options = options;
        _api = api;
    }

    /// <summary>Runs a read-only statement (<c>SELECT</c>, <c>SHOW</c>) with GET.</summary>
    /// <exception cref="InfluxRequestException">The request or the statement failed (the server's error is quoted).</exception>
    public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, influxQl, cancellationToken);

    /// <summary>Runs a statement that changes the server (<c>CREATE DATABASE</c>, <c>DROP SERIES</c>) with POST.</summary>
    /// <exception cref="InfluxRequestException">The request or the statement failed (the server's error is quoted).</exception>
    public Task<IReadOnlyList<InfluxSeries>> ExecuteAsync(string influxQl, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, influxQl, cancellationToken);

    /// <summary>Reads the series of every statement in an InfluxQL JSON reply; a statement error throws.</summary>
    /// <exception cref="InfluxRequestException">A statement failed.</exception>
    public static IReadOnlyList<InfluxSeries> Parse(string json, string what)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var series = new List<InfluxSeries>();
        if (document.RootElement.TryGetProperty("error", out JsonElement topError))
        {
            throw InfluxRequestException.ForStatus(what, 400, topError.GetString() ?? json);
        }

        foreach (JsonElement result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out JsonElement error))
            {
                throw InfluxRequestException.ForStatus(what, 400, error.GetString() ?? json);
            }

            if (!result.TryGetProperty("series", out JsonElement items))
            {
                continue;
            }

            foreach (JsonElement item in items.EnumerateArray())
            {
                series.Add(ReadSeries(item));
            }
        }

        return series;
    }

    private async Task<IReadOnlyList<InfluxSeries>> SendAsync(HttpMethod method, string influxQl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(influxQl);
        var parameters = new Dictionary<string, string> { ["db"] = _options.Database, ["epoch"] = "s", ["q"] = influxQl };
        if (!string.IsNullOrEmpty(_options.RetentionPolicy))
        {
            parameters["rp"] = _options.RetentionPolicy;
        }

        string query = string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var request = method == HttpMethod.Get
            ? new HttpRequestMessage(method, InfluxHttp.Combine(_options.Url!, $"query?{query}"))
            : new HttpRequestMessage(method, InfluxHttp.Combine(_options.Url!, "query")) { Content = new FormUrlEncodedContent(parameters) };
        if (_api == InfluxApi.V2 && _options.ResolveToken() is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Token {token}");
        }
        else
        {
            request.Headers.Authorization = InfluxHttp.Basic(_options.User, _options.ResolvePassword());
        }

        string what = $"InfluxQL '{influxQl}' on {_options.Url} db={_options.Database}";
        (HttpResponseMessage response, string body) = await InfluxHttp.SendAsync(_http, request, TimeSpan.FromSeconds(_options.TimeoutSeconds), what,
            cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return Parse(body, what);
    }

    private static InfluxSeries ReadSeries(JsonElement item)
    {
        string name = item.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("tags", out JsonElement t))
        {
            foreach (JsonProperty tag in t.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }

        var columns = item.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
        var rows = new List<IReadOnlyList<object?>>();
        if (item.TryGetProperty("values", out JsonElement values))
        {
            foreach (JsonElement row in values.EnumerateArray())
            {
                rows.Add(row.EnumerateArray().Select(Cell).ToList());
            }
        }

        return new InfluxSeries(name, tags, columns, rows);
    }

    private static object? Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => cell.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => cell.TryGetInt64(out long integral) ? (object)integral : cell.GetDouble(),
        _ => cell.GetRawText(),
    };
}
