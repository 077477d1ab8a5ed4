using Monitor.Core.Monitoring;

namespace Monitor.Service.Hosting;

/// <summary>What /healthz reports beside the scheduler: the last scan, the newest processed cycle and the last failure.</summary>
public sealed class ServiceStatus
{
    private readonly Lock _lock = new();

    /// <summary>When the inbox was last scanned.</summary>
    public DateTimeOffset? LastScan { get; private set; }

    /// <summary>The newest cycle processed since start, by init time.</summary>
    public string? NewestCycle { get; private set; }

    /// <summary>Its init time.</summary>
    public DateTime? NewestCycleInitTime { get; private set; }

    /// <summary>The last failure ("cycle: reason"), or null.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Records a scan.</summary>
    public void Scanned(DateTimeOffset at)
    {
        lock (_lock)
        {
            LastScan = at;
        }
    }

    /// <summary>Records an outcome.</summary>
    public void Handled(CycleOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_lock)
        {
            if (outcome.Status == CycleOutcomeStatus.Processed && (NewestCycleInitTime is null || outcome.Cycle.InitTime > NewestCycleInitTime))
            {
                NewestCycle = outcome.Cycle.ToString();
                NewestCycleInitTime = outcome.Cycle.InitTime;
            }
            else if (outcome.Status == CycleOutcomeStatus.Failed)
            {
                LastFailure = $"{outcome.Cycle}: {outcome.Error}";
            }
        }
    }
}
