using System.Text.RegularExpressions;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Service.Tests.Grafana;

/// <summary>
/// Alerts' links into Grafana open dashboards that exist, set only variables those dashboards define, and show a time
/// range around the alert's valid time.
/// </summary>
public sealed partial class GrafanaLinksTests
{
    private static readonly Uri s_grafana = new("https://grafana.example.org/");
    private static readonly CycleId s_cycle = CycleId.Parse("2026120600");

    [Fact]
    public void A_watch_region_alert_opens_the_overview_and_the_relevance_of_its_region_and_lead()
    {
        IReadOnlyList<AlertLink> links = GrafanaLinks.ForCycle(s_grafana, Candidate(new AlertRegion("t2m unet", "po-valley", RegionSource.Watch, 48)));

        Assert.Equal(2, links.Count);
        Assert.Equal("https://grafana.example.org/d/v2v-overview/overview?var-cycle=2026120600&from=1796515200000&to=1796860800000", links[0].Url);
        Assert.Equal("https://grafana.example.org/d/v2v-relevance/relevance?var-cycle=2026120600&var-model=t2m%20unet&var-source=watch&var-region=po-valley&var-lead=48"
            + "&from=1796515200000&to=1796860800000", links[1].Url);
        AssertOpensDashboardsThatExist(links);
    }

    [Fact]
    public void An_extreme_alert_opens_the_extremes_at_its_lead_and_a_health_alert_the_service_dashboard()
    {
        IReadOnlyList<AlertLink> links = GrafanaLinks.ForCycle(s_grafana, Candidate(new AlertRegion("t2m-unet", "hot-03", RegionSource.Extreme, 48)));
        IReadOnlyList<AlertLink> health = GrafanaLinks.ForServiceHealth(s_grafana);

        Assert.Contains("/d/v2v-extremes/extremes?var-cycle=2026120600&var-model=t2m-unet&var-lead=48&", links[1].Url, StringComparison.Ordinal);
        Assert.Equal("https://grafana.example.org/d/v2v-service/service?from=now-2d&to=now", Assert.Single(health).Url);
        AssertOpensDashboardsThatExist([.. links, .. health]);
    }

    [Fact]
    public void An_alert_without_a_cycle_has_no_cycle_links()
    {
        Assert.Empty(GrafanaLinks.ForCycle(s_grafana, Candidate(null) with { Cycle = null }));
    }

    private static void AssertOpensDashboardsThatExist(IEnumerable<AlertLink> links)
    {
        Dictionary<string, GrafanaDashboard> dashboards = GrafanaFiles.Dashboards().ToDictionary(d => d.Uid);
        foreach (AlertLink link in links)
        {
            Match url = DashboardUrl().Match(link.Url);
            Assert.True(url.Success, link.Url);
            Assert.True(dashboards.TryGetValue(url.Groups["uid"].Value, out GrafanaDashboard? dashboard), $"{link.Url}: no dashboard with that uid");
            foreach (Match variable in VariableParameter().Matches(url.Groups["query"].Value))
            {
                Assert.Contains(variable.Groups[1].Value, dashboard!.Variables.Select(v => v.Name));
            }
        }
    }

    private static AlertCandidate Candidate(AlertRegion? region) => new("unusual", "t2m-unet/watch/po-valley", "po-valley", null, AlertSeverity.Warning, 7.5, s_cycle,
        s_cycle.InitTime.AddHours(48), 48, "Unusual reasoning", "details", ["duty@example.org"], region);

    [GeneratedRegex(@"^https://grafana\.example\.org/d/(?<uid>[a-z0-9-]+)/[a-z0-9-]+\?(?<query>.+)$")]
    private static partial Regex DashboardUrl();

    [GeneratedRegex(@"(?:^|&)var-([a-z]+)=")]
    private static partial Regex VariableParameter();
}
