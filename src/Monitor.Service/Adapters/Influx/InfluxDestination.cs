using Microsoft.Extensions.Logging;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// The configured server and the writer for it. With <c>Influx:Api = auto</c> the API is detected on first use, not at
/// construction, so a server that is down when the service starts only delays delivery (points wait in the spool).
/// </summary>
internal sealed class InfluxDestination : IDisposable
{
    private readonly HttpClient _http;
    private readonly InfluxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IInfluxWriter? _writer;

    /// <summary>Creates the destination over a caller-owned <paramref name="http"/> client.</summary>
    public InfluxDestination(HttpClient http, InfluxOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(options.Url, "Influx:Url");
        _http = http;
        _options = options;
        _logger = logger;
        _writer = options.Api == InfluxApi.Auto ? null : Create(options.Api);
    }

    /// <summary>The API in use, or <see cref="InfluxApi.Auto"/> before detection succeeded.</summary>
    public InfluxApi Api { get; private set; }

    /// <summary>A secret-free name: the writer's, or <c>influxdb auto URL db=… bucket=…</c> before detection.</summary>
    public string Describe() => _writer?.Describe() ?? $"influxdb auto {_options.Url} db={_options.Database} bucket={_options.EffectiveBucket}";

    /// <summary>The writer, detecting the API first when needed.</summary>
    /// <exception cref="InfluxRequestException">Detection failed.</exception>
    public async Task<IInfluxWriter> GetWriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is null)
            {
                InfluxDetection detection = await InfluxApiDetector.DetectAsync(_http, _options.Url!, TimeSpan.FromSeconds(_options.TimeoutSeconds),
                    cancellationToken).ConfigureAwait(false);
                _logger.ApiDetected(_options.Url!, detection.Version, detection.Api);
                _writer = Create(detection.Api);
            }

            return _writer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        (_writer as IDisposable)?.Dispose();
        _gate.Dispose();
    }

    private IInfluxWriter Create(InfluxApi api)
    {
        Api = api;
        return api == InfluxApi.V1 ? new InfluxV1Writer(_http, _options) : new InfluxV2Writer(_options);
    }
}
