namespace Monitor.Core.Alerts;

/// <summary>How the outbox is drained: retries with capped exponential backoff, the sender's lease, giving up, keeping.</summary>
public sealed record AlertDeliveryPolicy
{
    /// <summary>Delay after the first failed attempt; doubled for each further one up to <see cref="MaxRetryDelay"/>. Default 1 min.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest delay between attempts. Default 1 h.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>An alert still undelivered this long after it was enqueued is failed (given up); null never gives up. Default 48 h.</summary>
    public TimeSpan? GiveUpAfter { get; init; } = TimeSpan.FromHours(48);

    /// <summary>
    /// How long a sender holds an alert it is sending. Sending one alert is abandoned (and the alert recorded as
    /// unconfirmed) when it takes longer; an alert found sending past its lease belonged to a sender that stopped.
    /// Default 10 min.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Most alerts sent per drain (one connection). Default 50.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>How long sent, failed and unconfirmed alerts stay listed (and deduplicated) before they are deleted. Default 90 days.</summary>
    public TimeSpan KeepFor { get; init; } = TimeSpan.FromDays(90);

    /// <summary>When the attempt after attempt number <paramref name="attempts"/> (1 = the first) is due, failed at <paramref name="failed"/>.</summary>
    public DateTimeOffset RetryAt(int attempts, DateTimeOffset failed)
    {
        double factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        double seconds = Math.Min(FirstRetryDelay.TotalSeconds * factor, MaxRetryDelay.TotalSeconds);
        return failed + TimeSpan.FromSeconds(seconds);
    }
}
