using Microsoft.Extensions.Logging;
using Monitor.Core.Monitoring.Ports;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// The InfluxDB point sink: a batch is accepted once it is in the durable <see cref="LineProtocolSpool"/>; one flush is
/// then tried at once. A failed flush is logged, never thrown — the batch is safe and the flush job retries.
/// </summary>
internal sealed class InfluxPointSink : IBufferedPointSink
{
    private readonly InfluxDestination _destination;
    private readonly LineProtocolSpool _spool;
    private readonly ILogger _logger;

    /// <summary>Creates the sink; batches a previous run left in <paramref name="spool"/> are delivered first.</summary>
    public InfluxPointSink(InfluxDestination destination, LineProtocolSpool spool, ILogger<InfluxPointSink> logger)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(logger);
        _destination = destination;
        _spool = spool;
        _logger = logger;
        SpoolStatus status = spool.GetStatus();
        if (status.PendingBatches > 0)
        {
            _logger.SpoolRecovered(spool.DirectoryPath, status.PendingBatches, status.PendingLines);
        }
    }

    /// <summary>The spool's state, for health and metrics.</summary>
    public SpoolStatus Status => _spool.GetStatus();

    /// <inheritdoc/>
    public string Describe() => _destination.Describe();

    /// <inheritdoc/>
    public async Task WriteAsync(string batchKey, IReadOnlyList<string> lines, CancellationToken cancellationToken = default)
    {
        try
        {
            await _spool.EnqueueAsync(batchKey, lines, cancellationToken).ConfigureAwait(false);
        }
        catch (SinkFullException e)
        {
            _logger.SpoolFull(batchKey, e.Message);
            throw;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            SpoolStatus status = _spool.GetStatus();
            _logger.Spooled(batchKey, lines.Count, _spool.DirectoryPath, status.PendingBatches, status.PendingBytes, Describe());
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task FlushStoredAsync(CancellationToken cancellationToken = default) => FlushAsync(cancellationToken);

    /// <summary>Delivers what the spool holds (the flush job calls this); failures are logged and returned, not thrown.</summary>
    public async Task<SpoolFlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        SpoolFlushResult result;
        try
        {
            IInfluxWriter writer = await _destination.GetWriterAsync(cancellationToken).ConfigureAwait(false);
            result = await _spool.FlushAsync(writer, cancellationToken).ConfigureAwait(false);
        }
        catch (InfluxRequestException e)
        {
            result = new SpoolFlushResult(0, 0, [], e, TimeSpan.Zero);
        }

        Report(result);
        return result;
    }

    private void Report(SpoolFlushResult result)
    {
        SpoolStatus status = _spool.GetStatus();
        if (result.DeliveredBatches > 0 && _logger.IsEnabled(LogLevel.Information))
        {
            _logger.Delivered(result.DeliveredBatches, result.DeliveredLines, Describe(), result.Elapsed.TotalMilliseconds, status.PendingBatches);
        }

        foreach (SpoolRejection rejection in result.Rejected)
        {
            _logger.BatchRejected(Describe(), rejection.BatchKey, rejection.Error.StatusCode, rejection.Error.ServerReply, rejection.Path);
        }

        if (result.StoppedBy is { } error)
        {
            if (error.IsTransient)
            {
                _logger.DeliveryDeferred(error.Message, status.PendingBatches, status.PendingLines, status.OldestPendingAge, _spool.DirectoryPath);
            }
            else
            {
                _logger.DestinationRefused(Describe(), error.Message, status.PendingBatches, _spool.DirectoryPath);
            }
        }
    }
}
