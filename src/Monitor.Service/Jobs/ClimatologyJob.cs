using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Monitoring;
using Monitor.Service.Options;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// The nightly climatology update (<c>Monitor:ClimatologyUpdateCron</c>): adds the new cycles of
/// <c>Monitor:ClimatologyArchive</c> to the percentile climatology and makes the service use it. Holds the cycle gate,
/// so no cycle is processed against a climatology being replaced.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ClimatologyJob(MonitorResources resources, CycleGate gate, IOptions<MonitorSettings> monitor, ILogger<ClimatologyJob> logger) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("update-climatology", "service");

    /// <summary>Memory for the sample block of one pass, bytes (as <c>climatology build --memory-mb 1024</c>).</summary>
    private const long MemoryBudgetBytes = 1024L * 1024 * 1024;

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        MonitorSettings settings = monitor.Value;
        string archive = settings.ClimatologyArchive!, climatology = settings.Climatology!;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ClimatologyBuildResult result = await Task.Run(() => ClimatologyRefresh.Update(archive, climatology, MemoryBudgetBytes), cancellationToken).ConfigureAwait(false);
            resources.ReloadClimatology(climatology);
            LogUpdated(logger, climatology, result.NewCycles, result.Cycles, result.WindowsComputed, result.WindowsTotal);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or Core.Cycles.CycleDataException or Core.Formats.DataFileException or ArgumentException)
        {
            // The old climatology stays in use; the next night tries again.
            LogFailed(logger, ex, climatology, archive);
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
        Message = "Climatology {Directory} updated: {NewCycles} new cycle(s), {Cycles} in all, {Computed} of {Total} hour × window slots recomputed; in use from now on")]
    private static partial void LogUpdated(ILogger logger, string directory, int newCycles, int cycles, int computed, int total);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Climatology {Directory}: the update from {Archive} failed; the previous climatology stays in use")]
    private static partial void LogFailed(ILogger logger, Exception exception, string directory, string archive);
}
