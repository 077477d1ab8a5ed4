using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Service.Tests.Cli;
using Monitor.Service.Adapters.Files;
using Monitor.Service.Hosting;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// <c>serve</c> in-process on a real inbox: cycles dropped in are found by the scan job, processed once by the
/// process job, recorded in the ledger and written as report.json, extremes.json and line protocol; the HTTP
/// endpoints report them.
/// </summary>
public sealed class ServeTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task Processes_every_dropped_cycle_once_and_reports_it_over_http()
    {
        string data = fixture.NewDataDirectory();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data));
        await app.StartAsync();
        try
        {
            string inbox = Path.Combine(data, "inbox");
            fixture.Drop(inbox, MonitorFixture.NewCycles[0]);
            fixture.Drop(inbox, MonitorFixture.NewCycles[1]);
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            await Eventually.WaitUntilAsync(async () => (await ledger.ListAsync()).Count(r => r.Status == CycleStatus.Done) == 2);

            foreach (string id in MonitorFixture.NewCycles.Take(2))
            {
                CycleRecord record = (await ledger.FindAsync(CycleId.Parse(id)))!;
                Assert.Equal(1, record.Attempts);
                Assert.Contains(record.Stages, s => s.Stage == "relevance");
                string reports = Path.Combine(data, "reports", id);
                CycleReport report = CycleReportFile.Read(Path.Combine(reports, CycleReportFile.FileName));
                Assert.Equal(id, report.Cycle);
                Assert.Equal([0, 24], report.LeadHours);
                // The watch region is explained at every lead; extremes, regimes and skill come with it.
                Assert.Equal(2, report.Explanations.Count(e => e.Slot == "europe"));
                Assert.All(report.Explanations, e => Assert.InRange(e.Inputs.Sum(i => i.Share), 0.999, 1.001));
                Assert.Equal(2, report.Regimes.Count);
                Assert.All(report.Models.Single().Leads, l => Assert.NotNull(l.Rmse));
                string[] lines = File.ReadAllLines(Path.Combine(reports, FileSink.FileName));
                Assert.Equal(ReportPoints.Lines(report), lines);
                Assert.True(File.Exists(Path.Combine(reports, "extremes.json")));
            }

            using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };
            using JsonDocument health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            Assert.Equal("Running", health.RootElement.GetProperty("scheduler").GetString());
            Assert.Equal(MonitorFixture.NewCycles[1], health.RootElement.GetProperty("newestCycle").GetString());
            string metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("v2v_cycles_processed_total 2", metrics, StringComparison.Ordinal);
            Assert.Contains("v2v_stage_seconds_count{stage=\"relevance\"} 2", metrics, StringComparison.Ordinal);
            JsonElement[] cycles = [.. (await http.GetFromJsonAsync<JsonElement>(new Uri("/cycles", UriKind.Relative))).EnumerateArray()];
            Assert.Equal(2, cycles.Length);
            string served = await http.GetStringAsync(new Uri($"/reports/{MonitorFixture.NewCycles[0]}/report.json", UriKind.Relative));
            Assert.Equal(File.ReadAllText(Path.Combine(data, "reports", MonitorFixture.NewCycles[0], "report.json")), served);
            string model = Monitor.Core.Transfer.ModelSpec.Load(fixture.Model).Name;
            using JsonDocument shares = JsonDocument.Parse(await http.GetStringAsync(new Uri(
                $"/history/relevance?model={model}&region=europe&lead=24&from=2026-02-05&to=2026-02-06", UriKind.Relative)));
            Assert.StartsWith("reports in ", shares.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
            JsonElement[] inputs = [.. shares.RootElement.GetProperty("shares").EnumerateArray()];
            Assert.Equal(["orography", "tcc", "tisr", "u10", "v10"], inputs.Select(i => i.GetProperty("input").GetString()));
            Assert.All(inputs, i => Assert.Equal(2, i.GetProperty("count").GetInt64()));
            Assert.InRange(inputs.Sum(i => i.GetProperty("mean").GetDouble()), 0.999, 1.001);
            using JsonDocument regimes = JsonDocument.Parse(await http.GetStringAsync(new Uri("/history/regimes?from=2026-02-05&to=2026-02-05&lead=0", UriKind.Relative)));
            Assert.Equal([MonitorFixture.NewCycles[0], MonitorFixture.NewCycles[1]],
                regimes.RootElement.GetProperty("regimes").EnumerateArray().Select(r => r.GetProperty("cycle").GetString()));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/reports/2026020500/..%2F..%2Fstate%2Fledger.db", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_corrupt_cycle_is_recorded_failed_with_the_file_named_and_the_next_cycle_is_processed()
    {
        string data = fixture.NewDataDirectory();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data));
        await app.StartAsync();
        try
        {
            string inbox = Path.Combine(data, "inbox");
            string bad = Directory.CreateDirectory(Path.Combine(inbox, MonitorFixture.NewCycles[2])).FullName;
            File.WriteAllText(Path.Combine(bad, "fc.nc"), "this is not netCDF");
            File.WriteAllText(Path.Combine(bad, "_COMPLETE"), "");
            fixture.Drop(inbox, MonitorFixture.NewCycles[3]);
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            await Eventually.WaitUntilAsync(async () => (await ledger.ListAsync()).Count(r => r.Status is CycleStatus.Done or CycleStatus.Failed) == 2);

            CycleRecord failed = (await ledger.FindAsync(CycleId.Parse(MonitorFixture.NewCycles[2])))!;
            Assert.Equal(CycleStatus.Failed, failed.Status);
            Assert.Null(failed.RetryAt);
            Assert.Contains("fc.nc", failed.Error, StringComparison.Ordinal);
            Assert.Equal(CycleStatus.Done, (await ledger.FindAsync(CycleId.Parse(MonitorFixture.NewCycles[3])))!.Status);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_the_backoff_and_the_cycle_then_completes()
    {
        string data = fixture.NewDataDirectory();
        string cycle = MonitorFixture.NewCycles[1];
        // The cycle's report directory is taken by a file: writing the report fails with an I/O error, which is transient.
        string blocker = Path.Combine(data, "reports", cycle);
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "in the way");
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data, "--Monitor:RetryDelaySeconds=2"));
        await app.StartAsync();
        try
        {
            fixture.Drop(Path.Combine(data, "inbox"), cycle);
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            CycleId id = CycleId.Parse(cycle);
            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(id))?.Status == CycleStatus.Retrying);
            CycleRecord retrying = (await ledger.FindAsync(id))!;
            Assert.Contains(blocker, retrying.Error, StringComparison.Ordinal);
            Assert.Equal(2.0, (retrying.RetryAt!.Value - retrying.Finished!.Value).TotalSeconds, 1e-6);
            File.Delete(blocker);

            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(id))?.Status == CycleStatus.Done);

            Assert.Equal(["failed", "done"], (await ledger.AttemptsAsync(id)).Select(a => a.Outcome));
            Assert.True((await ledger.AttemptsAsync(id))[1].Started >= retrying.RetryAt.Value.AddMilliseconds(-1));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData("--Monitor:ExplanationBatch=0", "Monitor:ExplanationBatch = 0 is outside 1…256")]
    [InlineData("--Inbox:Pattern=*.nc", "Inbox:Pattern = '*.nc' must contain {cycle}")]
    [InlineData("--Monitor:Models:0=/nonexistent", "Monitor:Models:0 = '/nonexistent' holds no model.json")]
    [InlineData("--Http:Url=ftp://x", "Http:Url = 'ftp://x' must be an absolute http:// URL")]
    [InlineData("--Monitor:ClimatologyUpdateCron=every night", "Monitor:ClimatologyUpdateCron = 'every night' is not a Quartz cron expression")]
    [InlineData("--Monitor:WatchRegions:0:North=95", "Monitor:WatchRegions:0 ('europe'): South = 35, North = 95 must satisfy")]
    [InlineData("--Influx:Url=http://127.0.0.1:1|--Influx:TimeoutSeconds=0", "Influx:TimeoutSeconds must be between 1 and 600 seconds (was 0)")]
    [InlineData("--Monitor:ExplanationReference=yesterday", "Monitor:ExplanationReference = 'yesterday' must be climatology, training-mean or none")]
    [InlineData("--Monitor:Climatology=", "Monitor:ExplanationReference = climatology (the default) needs Monitor:Climatology")]
    [InlineData("--Monitor:AnomalyMinimumHistory=1", "Monitor:AnomalyMinimumHistory = 1 is outside 2…")]
    [InlineData("--Monitor:RelevanceClimatology=/nonexistent", "Monitor:RelevanceClimatology = '/nonexistent' is not a directory")]
    [InlineData("--Monitor:Device=gpu", "Monitor:Device = 'gpu' is not a device: use cpu, cuda or cuda:N")]
    [InlineData("--Monitor:Device=cuda", "Monitor:Device = cuda asks for a GPU, but the libtorch in this build has no CUDA")]
    public async Task A_bad_setting_stops_the_start_naming_the_key(string setting, string expected)
    {
        string data = fixture.NewDataDirectory();
        using var error = new StringWriter();

        int exit = await MonitorHost.RunAsync(fixture.ServeArgs(data, setting.Split('|')), error);

        Assert.Equal(MonitorHost.ConfigurationErrorExitCode, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_climatology_without_the_models_inputs_stops_the_start_naming_them()
    {
        string data = fixture.NewDataDirectory(), climatology = Path.Combine(data, "t2m-only");
        CliRun build = await CliRun.InvokeAsync(TimeProvider.System, "climatology", "build", "--archive", fixture.Archive, "--out", climatology, "--variables", "t2m");
        Assert.True(build.ExitCode == 0, build.Error);
        using var error = new StringWriter();

        int exit = await MonitorHost.RunAsync(fixture.ServeArgs(data, [$"--Monitor:Climatology={climatology}"]), error);

        Assert.Equal(MonitorHost.ConfigurationErrorExitCode, exit);
        Assert.Contains("has no tcc, u10, v10, tisr (inputs of model", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("climatology build --variables t2m,tcc,u10,v10,tisr", error.ToString(), StringComparison.Ordinal);
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
