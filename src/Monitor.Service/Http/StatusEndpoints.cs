using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Monitor.Core.Alerts;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Runtime;
using Monitor.Service.Hosting;
using Monitor.Service.Options;
using Quartz;

namespace Monitor.Service.Http;

/// <summary>
/// The status endpoints, on loopback by default: <c>/healthz</c> (scheduler, newest processed cycle and its age, spool
/// depth, alert outbox, kernel path), <c>/metrics</c> (Prometheus text), <c>/cycles</c> (the ledger as JSON) and
/// <c>/reports/{cycle}/{file}</c> (a cycle's report files).
/// </summary>
public static class StatusEndpoints
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", Health);
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapGet("/cycles", async (ICycleLedger ledger, CancellationToken cancellationToken) =>
            Results.Json(await ledger.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false), s_json));
        app.MapGet("/history/regimes", async (string from, string to, int? lead, IMonitorHistory history, CancellationToken cancellationToken) =>
            Time(from) is DateTime first && Time(to, endOfDay: true) is DateTime last
                ? Results.Json(new { Source = history.Describe(), Regimes = await history.RegimesAsync(first, last, lead ?? 0, cancellationToken).ConfigureAwait(false) }, s_json)
                : Results.BadRequest("from and to are UTC times such as 2026-12-01 or 2026-12-01T06:00Z"));
        app.MapGet("/history/relevance", async (string model, string region, int lead, string from, string to, IMonitorHistory history, CancellationToken cancellationToken) =>
            Time(from) is DateTime first && Time(to, endOfDay: true) is DateTime last
                ? Results.Json(new { Source = history.Describe(), Model = model, Region = region, LeadHours = lead,
                    Shares = await history.RelevanceSharesAsync(model, region, lead, first, last, cancellationToken).ConfigureAwait(false) }, s_json)
                : Results.BadRequest("from and to are UTC times such as 2026-12-01 or 2026-12-01T06:00Z"));
        app.MapGet("/reports/{cycle}/{file}", (string cycle, string file, IOptions<DataOptions> data) =>
        {
            // Only a cycle id and a plain file name: nothing outside data/reports/<cycle>/ is served.
            if (!CycleId.TryParse(cycle, out _) || file != Path.GetFileName(file) || file.StartsWith('.'))
            {
                return Results.NotFound();
            }

            string path = Path.Combine(data.Value.ReportsDirectory, cycle, file);
            return File.Exists(path) ? Results.File(path, ContentType(file)) : Results.NotFound();
        });
    }

    private static async Task<IResult> Health(ISchedulerFactory schedulers, ICycleLedger ledger, ServiceStatus status, IEnumerable<ISpoolGauge> spools,
        IAlertOutbox outbox, IOptions<HttpSettings> http, TimeProvider time, CancellationToken cancellationToken)
    {
        IScheduler scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        SchedulerStatus state = await scheduler.GetStatus(cancellationToken).ConfigureAwait(false);
        bool running = state == SchedulerStatus.Running;
        CycleRecord? newest = (await ledger.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Status == CycleStatus.Done);
        double? ageHours = newest is null ? null : (time.GetUtcNow().UtcDateTime - newest.Cycle.InitTime).TotalHours;
        var spoolReports = spools.Select(s => s.Read()).ToList();
        bool stale = ageHours is double age && age > http.Value.StaleAfterHours;
        bool spoolFull = spoolReports.Any(s => s.QuotaReached);
        string overall = !running ? "down" : spoolFull ? "spool-full" : stale ? "stale" : "ok";
        OutboxStatus alerts = await outbox.StatusAsync(cancellationToken).ConfigureAwait(false);
        var body = new
        {
            Status = overall,
            Scheduler = state.ToString(),
            LastScan = status.LastScan,
            NewestCycle = newest?.Cycle.ToString(),
            NewestCycleAgeHours = ageHours is double h ? Math.Round(h, 2) : (double?)null,
            LastFailure = status.LastFailure,
            Spools = spoolReports,
            AlertOutbox = new
            {
                alerts.Pending,
                alerts.Sending,
                alerts.Failed,
                alerts.Unconfirmed,
                OldestUndeliveredSeconds = Math.Round(alerts.OldestAge(time.GetUtcNow()).TotalSeconds),
            },
            Kernels = TorchRuntime.Kernels.Name,
            KernelFallback = TorchRuntime.Kernels.FallbackReason,
        };
        return Results.Json(body, s_json, statusCode: overall == "down" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    /// <summary>A UTC time from a query string; with <paramref name="endOfDay"/>, a bare date means the end of that day.</summary>
    private static DateTime? Time(string text, bool endOfDay = false)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time))
        {
            return null;
        }

        return endOfDay && text.Trim().Length == 10 ? time.AddDays(1).AddTicks(-1) : time;
    }

    private static string ContentType(string file) => Path.GetExtension(file).ToLower(CultureInfo.InvariantCulture) switch
    {
        ".json" => "application/json",
        ".html" => "text/html; charset=utf-8",
        ".png" => "image/png",
        ".lp" or ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
