using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// Writes through the v2 API (<c>POST /api/v2/write</c>: InfluxDB 2.x, 3.x and 1.8+) with InfluxDB.Client's awaited
/// <see cref="WriteApiAsync"/>; never its background <c>WriteApi</c>, which drops a batch after its last retry.
/// </summary>
internal sealed class InfluxV2Writer : IInfluxWriter, IDisposable
{
    private readonly InfluxOptions _options;
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writeApi;

    /// <summary>Creates a writer with its own InfluxDB client (token from <see cref="InfluxOptions.ResolveToken"/>).</summary>
    public InfluxV2Writer(InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Url);
        _options = options;
        var clientOptions = new InfluxDBClientOptions(options.Url)
        {
            Org = options.EffectiveOrg,
            Bucket = options.EffectiveBucket,
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        if (options.ResolveToken() is { } token)
        {
            clientOptions.Token = token;
        }

        _client = new InfluxDBClient(clientOptions);
        _writeApi = _client.GetWriteApiAsync();
    }

    /// <inheritdoc/>
    public string Describe() => $"influxdb v2 {_options.Url} bucket={_options.EffectiveBucket} org={_options.EffectiveOrg}";

    /// <inheritdoc/>
    public async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string what = $"Writing {lines.Count} lines to {Describe()}";
        try
        {
            await _writeApi.WriteRecordsAsync(lines as List<string> ?? [.. lines], WritePrecision.S, _options.EffectiveBucket, _options.EffectiveOrg,
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpException e)
        {
            throw e.Status == 0
                ? new InfluxRequestException($"{what} could not reach the server: {e.Message}", e)
                : InfluxRequestException.ForStatus(what, e.Status, e.ErrorBody?.ToString() ?? e.Message);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxRequestException($"{what} got no reply within {_options.TimeoutSeconds} s (Influx:TimeoutSeconds)", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new InfluxRequestException($"{what} could not reach the server: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();
}
