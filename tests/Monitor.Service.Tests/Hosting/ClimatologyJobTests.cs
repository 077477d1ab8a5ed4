using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Service.Hosting;
using Monitor.Service.Jobs;
using Monitor.Service.Tests.Cli;
using Quartz;

namespace Monitor.Service.Tests.Hosting;

/// <summary>The nightly climatology job adds the archive's new cycles to the climatology and the service uses it at once.</summary>
public sealed class ClimatologyJobTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task The_update_adds_the_archives_new_cycles_and_the_service_swaps_to_it()
    {
        string data = fixture.NewDataDirectory();
        string archive = Directory.CreateDirectory(Path.Combine(data, "archive")).FullName, climatology = Path.Combine(data, "climatology");
        string[] cycles = [.. Directory.GetDirectories(fixture.Archive).Select(Path.GetFileName).Where(n => CycleId.TryParse(n, out _)).Order(StringComparer.Ordinal)!];
        foreach (string cycle in cycles.Take(120))
        {
            fixture.Drop(archive, cycle);
        }

        CliRun build = await CliRun.InvokeAsync(TimeProvider.System, "climatology", "build", "--archive", archive, "--out", climatology, "--variables", "t2m");
        Assert.True(build.ExitCode == 0, build.Error);
        foreach (string cycle in cycles.Skip(120).Take(20))
        {
            fixture.Drop(archive, cycle);
        }

        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data,
            $"--Monitor:Climatology={climatology}", $"--Monitor:ClimatologyArchive={archive}", "--Monitor:ClimatologyUpdateCron=0 0 3 1 1 ? 2099",
            "--Monitor:ExplanationReference=training-mean")); // a t2m-only climatology cannot be the explanations' reference
        await app.StartAsync();
        try
        {
            MonitorResources resources = app.Services.GetRequiredService<MonitorResources>();
            PercentileClimatology before = resources.Climatology!;
            Assert.Equal(120, before.Info(new VariableId("t2m")).Cycles.Count);
            IScheduler scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.True(await scheduler.Exists(ClimatologyJob.Key));

            await scheduler.TriggerJob(ClimatologyJob.Key);

            DateTime deadline = DateTime.UtcNow.AddMinutes(3);
            while (ReferenceEquals(resources.Climatology, before))
            {
                Assert.True(DateTime.UtcNow < deadline, "the climatology was not updated in time");
                await Task.Delay(100);
            }

            ClimatologyVariableInfo after = resources.Climatology!.Info(new VariableId("t2m"));
            Assert.Equal(140, after.Cycles.Count);
            Assert.Equal(cycles.Take(140), after.Cycles.Select(c => c.ToString()));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
