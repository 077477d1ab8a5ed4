using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Service.Tests.Grafana;

/// <summary>
/// The dashboards' essentials, offline: fixed unique uids, unique panel ids, every panel and target on the provisioned
/// InfluxQL data source, every target a raw query, and only measurement, tag and field names of
/// <see cref="PointSchema"/> — so a renamed field fails here, not silently on a forecaster's screen.
/// </summary>
public sealed partial class DashboardFileTests
{
    private static readonly string[] s_expected = ["v2v-consistency", "v2v-extremes", "v2v-overview", "v2v-regimes", "v2v-relevance", "v2v-service"];

    [Fact]
    public void The_six_dashboards_have_fixed_unique_uids_named_after_their_files()
    {
        IReadOnlyList<GrafanaDashboard> dashboards = GrafanaFiles.Dashboards();

        Assert.Equal(s_expected, dashboards.Select(d => d.Uid).Order(StringComparer.Ordinal));
        Assert.All(dashboards, d => Assert.Equal(d.Uid["v2v-".Length..] + ".json", Path.GetFileName(d.Path)));
        Assert.Equal(dashboards.Count, dashboards.Select(d => d.Title).Distinct().Count());
    }

    [Fact]
    public void Panel_ids_are_unique_and_panels_do_not_overlap()
    {
        foreach (GrafanaDashboard dashboard in GrafanaFiles.Dashboards())
        {
            IReadOnlyList<JsonObject> panels = dashboard.Panels;
            Assert.True(panels.Count == panels.Select(p => (int)p["id"]!).Distinct().Count(), $"{dashboard}: duplicate panel ids");
            var cells = new HashSet<(int X, int Y)>();
            foreach (JsonObject panel in panels)
            {
                JsonNode grid = panel["gridPos"]!;
                int x = (int)grid["x"]!, y = (int)grid["y"]!, w = (int)grid["w"]!, h = (int)grid["h"]!;
                Assert.True(x >= 0 && w > 0 && x + w <= 24, $"{dashboard}: panel {panel["id"]} is outside the 24 columns");
                for (int i = x; i < x + w; i++)
                {
                    for (int j = y; j < y + h; j++)
                    {
                        Assert.True(cells.Add((i, j)), $"{dashboard}: panel {panel["id"]} ('{panel["title"]}') overlaps another at ({i}, {j})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_panel_target_and_variable_queries_the_provisioned_influxql_source()
    {
        string uid = ProvisionedInfluxQlUid();
        foreach (GrafanaDashboard dashboard in GrafanaFiles.Dashboards())
        {
            foreach (JsonObject panel in dashboard.QueryPanels)
            {
                Assert.Equal(uid, (string?)panel["datasource"]?["uid"]);
                JsonArray targets = panel["targets"]!.AsArray();
                Assert.True(targets.Count > 0, $"{dashboard}: panel '{panel["title"]}' has no target");
                Assert.All(targets, t =>
                {
                    Assert.Equal(uid, (string?)t!["datasource"]?["uid"]);
                    Assert.True((bool?)t["rawQuery"] == true, $"{dashboard}: '{panel["title"]}' {t["refId"]} is not a raw query");
                    Assert.False(string.IsNullOrWhiteSpace(GrafanaDashboard.Query(t.AsObject())), $"{dashboard}: '{panel["title"]}' {t["refId"]} has no query");
                });
            }

            Assert.All(dashboard.Variables, v => Assert.Equal(uid, (string?)v.Json["datasource"]?["uid"]));
            Assert.All(dashboard.InfluxAnnotations, a => Assert.Equal(uid, (string?)a["datasource"]?["uid"]));
        }
    }

    [Fact]
    public void Queries_use_only_the_schemas_measurements_tags_and_fields()
    {
        foreach (GrafanaDashboard dashboard in GrafanaFiles.Dashboards())
        {
            foreach ((string where, string query) in Queries(dashboard))
            {
                InfluxQlQuery parsed = InfluxQlQuery.Parse(query);
                string m = parsed.Measurement;
                Assert.True(PointSchema.Measurements.Contains(m), $"{dashboard} {where}: measurement '{m}' is not in PointSchema");
                Assert.All(parsed.SelectedFields, f => Assert.True(PointSchema.HasField(m, f), $"{dashboard} {where}: '{f}' is not a field of {m}"));
                Assert.All(parsed.SelectedFieldPrefixes, p => Assert.True(PointSchema.HasField(m, p + "x"), $"{dashboard} {where}: /^{p}/ matches no field family of {m}"));
                Assert.All(parsed.GroupByTags, t => Assert.True(PointSchema.Tags.All.Contains(t), $"{dashboard} {where}: GROUP BY '{t}' is not a tag"));
                Assert.All(parsed.ConditionNames, n => Assert.True(PointSchema.Tags.All.Contains(n) || PointSchema.HasField(m, n),
                    $"{dashboard} {where}: WHERE '{n}' is neither a tag nor a field of {m}"));
                if (parsed.ShowTagKey is string key)
                {
                    Assert.True(PointSchema.Tags.All.Contains(key), $"{dashboard} {where}: '{key}' is not a tag");
                }
            }
        }
    }

    [Fact]
    public void Every_variable_a_query_or_title_uses_is_defined_before_it_is_needed()
    {
        foreach (GrafanaDashboard dashboard in GrafanaFiles.Dashboards())
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (GrafanaVariable variable in dashboard.Variables)
            {
                Assert.All(GrafanaMacros.References(variable.Query), r => Assert.True(defined.Contains(r), $"{dashboard}: variable {variable.Name} uses ${r} before it is defined"));
                Assert.True(defined.Add(variable.Name), $"{dashboard}: variable {variable.Name} defined twice");
            }

            foreach (JsonObject panel in dashboard.QueryPanels)
            {
                IEnumerable<string> used = GrafanaMacros.References((string?)panel["title"] ?? "")
                    .Concat(panel["targets"]!.AsArray().SelectMany(t => GrafanaMacros.References(GrafanaDashboard.Query(t!.AsObject()))))
                    .Concat((string?)panel["repeat"] is string repeat ? [repeat] : []);
                Assert.All(used, r => Assert.True(defined.Contains(r), $"{dashboard}: panel '{panel["title"]}' uses ${r}, which is not a variable"));
            }
        }
    }

    [Fact]
    public void The_provider_loads_the_dashboards_folder_and_the_datasources_name_their_uids()
    {
        string provider = File.ReadAllText(Path.Combine(GrafanaFiles.Root, "provisioning", "dashboards", "v2v-monitor.yaml"));
        Assert.Contains("type: file", provider, StringComparison.Ordinal);
        Assert.Contains("path: /var/lib/grafana/dashboards", provider, StringComparison.Ordinal);
        string flux = File.ReadAllText(Path.Combine(GrafanaFiles.Root, "provisioning", "datasources", "influxdb-flux.yaml"));
        Assert.Contains("uid: v2v-flux", flux, StringComparison.Ordinal);
        Assert.Contains("version: Flux", flux, StringComparison.Ordinal);
    }

    /// <summary>Every query of a dashboard with where it sits: panel targets, variables, annotations.</summary>
    internal static IEnumerable<(string Where, string Query)> Queries(GrafanaDashboard dashboard) =>
        dashboard.QueryPanels.SelectMany(p => p["targets"]!.AsArray().Select(t => ($"panel '{p["title"]}' {t!["refId"]}", GrafanaDashboard.Query(t.AsObject()))))
            .Concat(dashboard.Variables.Select(v => ($"variable {v.Name}", v.Query)))
            .Concat(dashboard.InfluxAnnotations.Select(a => ($"annotation '{a["name"]}'", GrafanaDashboard.Query(a))));

    private static string ProvisionedInfluxQlUid()
    {
        string text = File.ReadAllText(Path.Combine(GrafanaFiles.Root, "provisioning", "datasources", "influxdb-influxql.yaml"));
        Match uid = ProvisionedUid().Match(text);
        Assert.True(uid.Success, "influxdb-influxql.yaml names no uid");
        Assert.Contains("type: influxdb", text, StringComparison.Ordinal);
        return uid.Groups[1].Value;
    }

    [GeneratedRegex(@"^\s*uid:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ProvisionedUid();
}
