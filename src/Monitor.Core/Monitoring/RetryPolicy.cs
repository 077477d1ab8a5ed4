namespace Monitor.Core.Monitoring;

/// <summary>How often and when a cycle that failed for a transient reason is tried again (exponential backoff).</summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="FirstDelay">Delay before the second attempt.</param>
/// <param name="Factor">Each further delay is this many times the previous one.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay, double Factor = 2)
{
    /// <summary>When attempt <paramref name="attempt"/>'s successor is due after a failure at <paramref name="failed"/>, or null when none is left.</summary>
    public DateTimeOffset? Next(int attempt, DateTimeOffset failed) =>
        attempt >= MaxAttempts ? null : failed + (FirstDelay * Math.Pow(Factor, attempt - 1));
}
