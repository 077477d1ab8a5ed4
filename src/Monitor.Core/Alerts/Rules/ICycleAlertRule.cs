using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>A rule evaluated on every processed cycle's report.</summary>
public interface ICycleAlertRule
{
    /// <summary>The rule's configured name (part of every alert key).</summary>
    public string Name { get; }

    /// <summary>What the rule finds in <paramref name="report"/> (empty when nothing).</summary>
    public IReadOnlyList<AlertCandidate> Evaluate(CycleReport report);
}
