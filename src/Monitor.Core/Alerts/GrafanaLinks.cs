using System.Globalization;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts;

/// <summary>
/// Links from an alert into the shipped Grafana dashboards (grafana/dashboards, fixed uids), with the alert's cycle,
/// model, region and lead as the dashboards' variables and a time range around its valid time: what a forecaster opens
/// next. The uids and variable names are checked against the dashboard files by a test.
/// </summary>
public static class GrafanaLinks
{
    /// <summary>Dashboard uids (and URL slugs) the links open.</summary>
    public static class Dashboards
    {
        /// <summary>The Overview dashboard.</summary>
        public const string Overview = "v2v-overview";

        /// <summary>The Relevance dashboard.</summary>
        public const string Relevance = "v2v-relevance";

        /// <summary>The Extremes dashboard.</summary>
        public const string Extremes = "v2v-extremes";

        /// <summary>The Service health dashboard.</summary>
        public const string Service = "v2v-service";
    }

    /// <summary>Days shown before and after the alert's valid time.</summary>
    private const int DaysAround = 2;

    /// <summary>
    /// The links for a cycle alert raised for <paramref name="candidate"/>: the Overview at its cycle, and for an explained
    /// region the Relevance dashboard on that model, region and lead (a watch region) or the Extremes dashboard at that lead
    /// (an extreme, whose slot on the Relevance dashboard changes from cycle to cycle).
    /// </summary>
    /// <param name="grafana">Grafana's public base URL.</param>
    /// <param name="candidate">What the alert was raised for.</param>
    public static IReadOnlyList<AlertLink> ForCycle(Uri grafana, AlertCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Cycle is not Grids.CycleId cycle)
        {
            return [];
        }

        DateTime centre = candidate.ValidTime ?? cycle.InitTime;
        string range = $"from={Milliseconds(centre.AddDays(-DaysAround))}&to={Milliseconds(centre.AddDays(DaysAround))}";
        string cycleVariable = $"var-cycle={cycle}";
        var links = new List<AlertLink> { new($"Grafana: overview of cycle {cycle}", Url(grafana, Dashboards.Overview, $"{cycleVariable}&{range}")) };
        if (candidate.Region is AlertRegion region)
        {
            string lead = region.LeadHours.ToString(CultureInfo.InvariantCulture);
            links.Add(region.Source == RegionSource.Watch
                ? new AlertLink($"Grafana: relevance over {region.RegionId} at +{lead} h",
                    Url(grafana, Dashboards.Relevance, $"{cycleVariable}&var-model={Escape(region.Model)}&var-source=watch&var-region={Escape(region.RegionId)}&var-lead={lead}&{range}"))
                : new AlertLink($"Grafana: extremes at +{lead} h",
                    Url(grafana, Dashboards.Extremes, $"{cycleVariable}&var-model={Escape(region.Model)}&var-lead={lead}&{range}")));
        }

        return links;
    }

    /// <summary>The link for a service-health alert: the Service health dashboard over the last two days.</summary>
    /// <param name="grafana">Grafana's public base URL.</param>
    public static IReadOnlyList<AlertLink> ForServiceHealth(Uri grafana)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        return [new AlertLink("Grafana: service health", Url(grafana, Dashboards.Service, $"from=now-{DaysAround}d&to=now"))];
    }

    private static string Url(Uri grafana, string uid, string query) => $"{grafana.AbsoluteUri.TrimEnd('/')}/d/{uid}/{uid["v2v-".Length..]}?{query}";

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static long Milliseconds(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
