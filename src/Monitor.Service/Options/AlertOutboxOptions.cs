namespace Monitor.Service.Options;

/// <summary>How the alert outbox is drained (section <c>Monitor:Alerts:Outbox</c>; docs/configuration.md, docs/alerts.md).</summary>
public sealed class AlertOutboxOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Monitor:Alerts:Outbox";

    /// <summary>Seconds between drains of the outbox (the alert delivery job); default 15 (1–3600).</summary>
    public int IntervalSeconds { get; set; } = 15;

    /// <summary>Delay after a first failed attempt, in seconds, doubled for each further one; default 60 (1–86 400).</summary>
    public int FirstRetrySeconds { get; set; } = 60;

    /// <summary>The longest delay between attempts, in seconds; default 3600 (≥ <see cref="FirstRetrySeconds"/>, ≤ 86 400).</summary>
    public int MaxRetrySeconds { get; set; } = 3600;

    /// <summary>An alert undelivered this many hours after it was enqueued is failed; default 48 (0 = never give up; ≤ 8760).</summary>
    public int GiveUpAfterHours { get; set; } = 48;

    /// <summary>Most alerts sent per drain, over one connection; default 50 (1–1000).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Days sent, failed and unconfirmed alerts stay in the outbox (listed and deduplicated); default 90 (1–3650).</summary>
    public int KeepDays { get; set; } = 90;
}
