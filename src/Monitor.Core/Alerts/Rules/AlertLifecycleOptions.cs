namespace Monitor.Core.Alerts.Rules;

/// <summary>How events become alerts (docs/alerts.md, "Lifecycle").</summary>
public sealed record AlertLifecycleOptions
{
    /// <summary>A new event of a rule and subject whose previous event was notified less than this ago is followed silently (default 6 h).</summary>
    public TimeSpan ThrottleWindow { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Evaluations in a row without the event before its all-clear is sent (default 2).</summary>
    public int ClearAfterMissed { get; init; } = 2;

    /// <summary>Alerts sent per hour at most (default 10); beyond it new events go into one digest per evaluation.</summary>
    public int MaxPerHour { get; init; } = 10;

    /// <summary>Checks the values; throws naming the bad one.</summary>
    public AlertLifecycleOptions Validate()
    {
        if (ThrottleWindow < TimeSpan.Zero)
        {
            throw new ArgumentException($"ThrottleWindow must not be negative ({ThrottleWindow}).");
        }

        if (ClearAfterMissed < 1 || MaxPerHour < 1)
        {
            throw new ArgumentException($"ClearAfterMissed ({ClearAfterMissed}) and MaxPerHour ({MaxPerHour}) must be at least 1.");
        }

        return this;
    }
}
