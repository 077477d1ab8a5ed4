namespace Monitor.Service.Options;

/// <summary>Section <c>Monitor:Alerts</c>: the rules and how their events become alerts (docs/alerts.md; the e-mail is in <c>Monitor:Alerts:Smtp</c>).</summary>
public sealed class AlertRulesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Monitor:Alerts";

    /// <summary>
    /// The service's public base URL (e.g. <c>http://monitor.example.org:8080</c>): alerts then link to their cycle's
    /// <c>report.json</c> and <c>points.lp</c> as <c>/reports/…</c> serves them. Empty (default): no links.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Grafana's public base URL (e.g. <c>https://grafana.example.org</c>) with the shipped dashboards provisioned: alerts
    /// then link to the Overview at their cycle and to the Relevance or Extremes dashboard at their region and lead, and
    /// health alerts to Service health. Empty (default): no Grafana links.
    /// </summary>
    public string? GrafanaUrl { get; set; }

    /// <summary>The rules evaluated on every processed cycle (none by default).</summary>
    public List<AlertRuleSettings> Rules { get; set; } = [];

    /// <summary>A new event of a rule and subject within this many hours of the last one alerted is followed silently (default 6, 0…168).</summary>
    public double ThrottleHours { get; set; } = 6;

    /// <summary>
    /// A cycle initialised longer ago than this when it is processed raises no cycle alerts (a backfill, a backlog after
    /// downtime): its forecast is no longer news (default 24 h, 0 = no limit, 0…8760).
    /// </summary>
    public double MaxCycleAgeHours { get; set; } = 24;

    /// <summary>Cycles in a row without an event before its all-clear (default 2, 1…100).</summary>
    public int ClearAfterCycles { get; set; } = 2;

    /// <summary>Alerts per hour at most; beyond it new events go into one digest per cycle (default 10, 1…1000).</summary>
    public int MaxPerHour { get; set; } = 10;

    /// <summary>Who gets service-health alerts (no cycle, failures, backlogs, kernel fallback); empty (default): no health checks.</summary>
    public List<string> HealthRecipients { get; set; } = [];

    /// <summary>Hours without a new cycle (by init time) before a health alert (default 12; severe from twice that).</summary>
    public double HealthNoCycleHours { get; set; } = 12;

    /// <summary>Failed cycles in a row before a health alert (default 3).</summary>
    public int HealthFailuresInARow { get; set; } = 3;

    /// <summary>Age of the oldest InfluxDB spool batch or undelivered alert before a health alert, h (default 2).</summary>
    public double HealthBacklogHours { get; set; } = 2;

    /// <summary>Minutes between health checks (default 10, 1…60); each clock hour raises at most once.</summary>
    public int HealthCheckMinutes { get; set; } = 10;
}
