using System.Globalization;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// Service health, checked every hour: no cycle for <see cref="NoCycleHours"/>; <see cref="FailuresInARow"/> cycles failed in
/// a row; the InfluxDB spool or the alert outbox holding something older than <see cref="BacklogHours"/>; the convolution
/// kernels fell back at start-up. One event per check while it lasts (severe when no cycle for twice the limit).
/// </summary>
/// <param name="Name">The rule's name.</param>
/// <param name="NoCycleHours">Hours without a new cycle (by init time) before it is reported.</param>
/// <param name="FailuresInARow">Failed cycles in a row before it is reported.</param>
/// <param name="BacklogHours">Age of the oldest spool batch or outbox alert before it is reported, h.</param>
/// <param name="Recipients">Who gets it.</param>
public sealed record ServiceHealthRule(string Name, double NoCycleHours, int FailuresInARow, double BacklogHours, IReadOnlyList<string> Recipients)
{
    /// <summary>What is wrong, one candidate per failing check.</summary>
    public IReadOnlyList<AlertCandidate> Evaluate(ServiceHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var c = CultureInfo.InvariantCulture;
        var found = new List<AlertCandidate>();
        void Add(string check, AlertSeverity severity, double strength, string summary, string details) =>
            found.Add(new AlertCandidate(Name, $"health/{check}", check, check, severity, strength, null, null, null, summary, details, Recipients));

        if (health.NewestCycle is DateTime newest && (health.Now - new DateTimeOffset(newest, TimeSpan.Zero)).TotalHours is double age && age >= NoCycleHours)
        {
            Add("no-cycle", age >= 2 * NoCycleHours ? AlertSeverity.Severe : AlertSeverity.Warning, age,
                string.Create(c, $"No new forecast cycle for {age:F0} h (newest {newest:yyyyMMddHH}; limit {NoCycleHours:F0} h)"),
                "Check that the forecast system still delivers into the inbox and that the inbox scan runs (/healthz, v2vmonitor cycles).");
        }

        if (health.FailuresInARow >= FailuresInARow)
        {
            Add("failures", AlertSeverity.Warning, health.FailuresInARow,
                string.Create(c, $"{health.FailuresInARow} cycles in a row failed; the newest: {Shorten(health.LastFailure ?? "unknown")}"),
                $"Newest failure: {health.LastFailure}{Environment.NewLine}See v2vmonitor cycles --failed and the service log (event ids 2004, 2005).");
        }

        if (health.SpoolOldestSeconds >= BacklogHours * 3600)
        {
            Add("spool", AlertSeverity.Warning, health.SpoolOldestSeconds,
                string.Create(c, $"InfluxDB writes are {health.SpoolOldestSeconds / 3600:F1} h behind (spool not draining)"),
                "Points wait in data/state/spool/influx; check that InfluxDB is reachable and accepts writes (/metrics v2v_spool_*).");
        }

        if (health.OutboxOldestSeconds >= BacklogHours * 3600)
        {
            Add("outbox", AlertSeverity.Warning, health.OutboxOldestSeconds,
                string.Create(c, $"{health.OutboxDepth} alert(s) undelivered, the oldest for {health.OutboxOldestSeconds / 3600:F1} h (outbox not draining)"),
                "Check Monitor:Alerts:Smtp and the mail server (v2vmonitor alerts list; /metrics v2v_alert_outbox_*). This alert waits in the same outbox.");
        }

        if (health.KernelFallback is string reason)
        {
            Add("kernels", AlertSeverity.Info, 1, $"Convolution kernels fell back at start-up: {Shorten(reason)}",
                $"{reason}{Environment.NewLine}Numbers stay verified; only speed is affected (docs/platform.md).");
        }

        return found;
    }

    private static string Shorten(string text) => text.Length <= 160 ? text.ReplaceLineEndings(" ") : text[..157].ReplaceLineEndings(" ") + "…";
}
