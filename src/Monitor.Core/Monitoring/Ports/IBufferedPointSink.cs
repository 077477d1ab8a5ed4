namespace Monitor.Core.Monitoring.Ports;

/// <summary>A point sink that stores points locally first and delivers them later (the InfluxDB sink's spool).</summary>
public interface IBufferedPointSink : IPointSink
{
    /// <summary>Delivers what is stored, oldest first; stops at a transient failure and keeps the rest for the next call.</summary>
    public Task FlushStoredAsync(CancellationToken cancellationToken = default);
}
