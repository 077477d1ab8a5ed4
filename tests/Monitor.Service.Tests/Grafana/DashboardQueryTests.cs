using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Hosting;
using Monitor.Service.Tests.Cli;
using Monitor.Service.Tests.Hosting;
using Monitor.Service.Tests.Influx;
using Xunit.Abstractions;

namespace Monitor.Service.Tests.Grafana;

/// <summary>
/// Every query of every shipped dashboard — template variables first, then each panel's targets (a repeated panel once
/// per value) and the alert annotations — with Grafana's macros and variables expanded as Grafana expands them, run
/// against a real InfluxDB (Debian's influxd 1.6.7) that the real service filled: two cycles processed with a relevance
/// climatology and an alert rule, and the service's own status points. Each must return at least one series holding
/// every column it selects, each with at least one value.
/// </summary>
public sealed partial class DashboardQueryTests(MonitorFixture fixture, ITestOutputHelper output) : IClassFixture<MonitorFixture>
{
    /// <summary>The data points Grafana asks for in a panel about 1000 pixels wide (it uses the panel's width).</summary>
    private const int DataPoints = 1000;

    [Fact]
    public async Task Every_panel_variable_and_annotation_query_returns_data_from_the_services_influxdb()
    {
        await using InfluxServer server = await InfluxServer.StartNewAsync();
        string database = InfluxServerFixture.NewDatabase();
        await server.CreateDatabaseAsync(database);
        string data = fixture.NewDataDirectory();
        string relevance = await BootstrapRelevanceClimatologyAsync(data);

        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data,
            $"--Influx:Url={server.Url}", "--Influx:Api=v1", $"--Influx:Database={database}", $"--Influx:User={InfluxServer.User}",
            $"--Influx:Password={server.Password}", "--Influx:FlushIntervalSeconds=1", "--Influx:TimeoutSeconds=30", "--Influx:ServiceStatusSeconds=10",
            $"--Monitor:RelevanceClimatology={relevance}", "--Monitor:AnomalyMinimumHistory=2",
            "--Monitor:Alerts:MaxCycleAgeHours=0", "--Monitor:Alerts:Rules:0:Name=unusual-relevance", "--Monitor:Alerts:Rules:0:Kind=anomalous-relevance",
            "--Monitor:Alerts:Rules:0:Recipients:0=forecaster@example.org", "--Monitor:Alerts:Rules:0:WarningScore=0.001", "--Monitor:Alerts:Rules:0:SevereScore=1000"));
        await app.StartAsync();
        try
        {
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            foreach (string cycle in MonitorFixture.NewCycles.Take(2))
            {
                fixture.Drop(Path.Combine(data, "inbox"), cycle);
                await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(CycleId.Parse(cycle)))?.Status == CycleStatus.Done);
            }

            await Eventually.WaitUntilAsync(async () => await server.CountAsync(database, PointSchema.Service, "newest_cycle_age_h") > 0
                && app.Services.GetServices<ISpoolGauge>().Single().Read().PendingBatches == 0);
        }
        finally
        {
            await app.StopAsync();
        }

        DateTime from = CycleId.Parse(MonitorFixture.NewCycles[0]).InitTime.AddDays(-1), to = DateTime.UtcNow.AddHours(1);
        TimeSpan interval = GrafanaMacros.Interval(from, to, DataPoints, MinimumInterval());
        output.WriteLine($"time range {from:u} – {to:u}, $__interval = {GrafanaMacros.Duration(interval)}");
        var failures = new List<string>();
        int queries = 0;
        foreach (GrafanaDashboard dashboard in GrafanaFiles.Dashboards())
        {
            var variables = new Dictionary<string, VariableValue>(StringComparer.Ordinal);
            foreach (GrafanaVariable variable in dashboard.Variables)
            {
                string query = GrafanaMacros.Expand(variable.Query, from, to, interval, variables);
                List<string> options = Sorted(OptionsOf(await server.QueryAsync(database, query)), variable.Sort);
                queries++;
                output.WriteLine($"{dashboard} ${variable.Name}: {query} → {string.Join(", ", options)}");
                if (options.Count == 0)
                {
                    failures.Add($"{dashboard}: variable {variable.Name} has no values ({query})");
                    continue;
                }

                IReadOnlyList<string> selected = variable.IncludeAll && variable.Current == "$__all" ? options
                    : variable.Current is string saved && options.Contains(saved) ? [saved] : [options[0]];
                variables[variable.Name] = new VariableValue(selected, variable.Multi, variable.IncludeAll);
            }

            foreach (JsonObject panel in dashboard.QueryPanels)
            {
                foreach (IReadOnlyDictionary<string, VariableValue> values in Repetitions(panel, variables))
                {
                    foreach (JsonNode? target in panel["targets"]!.AsArray())
                    {
                        queries++;
                        string? failure = await CheckAsync(server, database, $"{dashboard} '{panel["title"]}' {target!["refId"]}",
                            GrafanaDashboard.Query(target.AsObject()), from, to, interval, values);
                        if (failure is not null)
                        {
                            failures.Add(failure);
                        }
                    }
                }
            }

            foreach (JsonObject annotation in dashboard.InfluxAnnotations)
            {
                queries++;
                string query = GrafanaMacros.Expand(GrafanaDashboard.Query(annotation), from, to, interval, variables);
                IReadOnlyList<InfluxSeries> series = await server.QueryAsync(database, query);
                string text = (string)annotation["textColumn"]!;
                if (!series.Any(s => s.Columns.Contains(text) && s.Values.Any(row => row[s.Columns.ToList().IndexOf(text)] is not null)))
                {
                    failures.Add($"{dashboard} annotation '{annotation["name"]}': no row with {text} ({query})");
                }
            }
        }

        output.WriteLine($"{queries} queries run");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(queries >= 60, $"only {queries} queries were run");
    }

    /// <summary>Runs one target; returns why it fails the dashboard, or null.</summary>
    private async Task<string?> CheckAsync(InfluxServer server, string database, string where, string template, DateTime from, DateTime to, TimeSpan interval,
        IReadOnlyDictionary<string, VariableValue> variables)
    {
        string query = GrafanaMacros.Expand(template, from, to, interval, variables);
        IReadOnlyList<InfluxSeries> series;
        try
        {
            series = await server.QueryAsync(database, query);
        }
        catch (InfluxRequestException e)
        {
            return $"{where}: InfluxDB refused it: {e.Message} ({query})";
        }

        output.WriteLine($"{where}: {query} → {series.Count} series, {series.Sum(s => s.Values.Count)} rows");
        if (series.Count == 0)
        {
            return $"{where}: no series ({query})";
        }

        foreach (string column in InfluxQlQuery.Parse(template).ExpectedColumns)
        {
            bool found = series.Any(s => s.Columns.Select((name, i) => (name, i))
                .Where(c => column.EndsWith('*') ? c.name.StartsWith(column[..^1], StringComparison.Ordinal) : c.name == column)
                .Any(c => s.Values.Any(row => row[c.i] is not null)));
            if (!found)
            {
                return $"{where}: no value in column '{column}' (columns {string.Join(", ", series[0].Columns)}; {query})";
            }
        }

        return null;
    }

    /// <summary>The variable values a panel is drawn with: once, or once per value of its repeat variable.</summary>
    private static IEnumerable<IReadOnlyDictionary<string, VariableValue>> Repetitions(JsonObject panel, Dictionary<string, VariableValue> variables)
    {
        if ((string?)panel["repeat"] is not string repeat)
        {
            yield return variables;
            yield break;
        }

        VariableValue all = variables[repeat];
        foreach (string value in all.Values)
        {
            yield return new Dictionary<string, VariableValue>(variables, StringComparer.Ordinal) { [repeat] = all with { Values = [value] } };
        }
    }

    /// <summary>A variable query's options as Grafana reads them: each row's second cell (the value after the key or the time), else its first.</summary>
    private static List<string> OptionsOf(IReadOnlyList<InfluxSeries> series) =>
        [.. series.SelectMany(s => s.Values).Select(row => Convert.ToString(row.Count > 1 && row[1] is not null ? row[1] : row[0], CultureInfo.InvariantCulture)!)
            .Distinct(StringComparer.Ordinal)];

    private static List<string> Sorted(List<string> options, int sort) => sort switch
    {
        1 => [.. options.Order(StringComparer.Ordinal)],
        2 => [.. options.OrderDescending(StringComparer.Ordinal)],
        3 => [.. options.OrderBy(o => double.Parse(o, CultureInfo.InvariantCulture))],
        4 => [.. options.OrderByDescending(o => double.Parse(o, CultureInfo.InvariantCulture))],
        _ => options,
    };

    /// <summary>The data source's minimum interval (<c>timeInterval</c> in the provisioning file).</summary>
    private static TimeSpan MinimumInterval()
    {
        string text = File.ReadAllText(Path.Combine(GrafanaFiles.Root, "provisioning", "datasources", "influxdb-influxql.yaml"));
        Match hours = TimeInterval().Match(text);
        Assert.True(hours.Success, "influxdb-influxql.yaml sets no timeInterval in hours");
        return TimeSpan.FromHours(int.Parse(hours.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private async Task<string> BootstrapRelevanceClimatologyAsync(string data)
    {
        string relevance = Path.Combine(data, "relevance-climatology");
        CliRun run = await CliRun.InvokeAsync(TimeProvider.System, ["climatology", "relevance", "--archive", fixture.Archive, "--model", fixture.Model,
            "--climatology", fixture.Climatology, "--out", relevance, "--bin-cells", "8", "--watch", "europe:35,60,-10,30", "--period", "2026-01-01..2026-01-02"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return relevance;
    }

    [GeneratedRegex(@"^\s*timeInterval:\s*(\d+)h\s*$", RegexOptions.Multiline)]
    private static partial Regex TimeInterval();
}
