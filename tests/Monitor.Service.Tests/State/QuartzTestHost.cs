using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Service.Adapters.State;
using Quartz;

namespace Monitor.Service.Tests.State;

/// <summary>A generic host running a real Quartz scheduler on the SQLite store, as the service will.</summary>
internal sealed class QuartzTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private QuartzTestHost(IHost host) => _host = host;

    public IScheduler Scheduler { get; private set; } = null!;

    public DateTimeOffset StartedAt { get; private set; }

    public static IHost Build(string databasePath, JobProbe probe, string name, TimeSpan misfireThreshold)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(new HostTag(name));
        builder.Services.AddScoped<RecordingJob>();
        builder.Services.AddScoped<SerialJob>();
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(options => options.InstanceName = "v2v-state-tests");
            quartz.UseDefaultThreadPool(4);
            quartz.UseSqliteJobStore(databasePath, misfireThreshold);
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder.Build();
    }

    public static async Task<QuartzTestHost> StartAsync(string databasePath, JobProbe probe, string name, TimeSpan? misfireThreshold = null)
    {
        var host = new QuartzTestHost(Build(databasePath, probe, name, misfireThreshold ?? TimeSpan.FromSeconds(1)));
        host.StartedAt = DateTimeOffset.UtcNow;
        await host._host.StartAsync();
        host.Scheduler = await host._host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);
        return host;
    }

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
