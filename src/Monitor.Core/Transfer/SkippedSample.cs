using Monitor.Core.Grids;

namespace Monitor.Core.Transfer;

/// <summary>A sample (a cycle's lead) left out because its data are missing, and why.</summary>
/// <param name="Cycle">The cycle (for a manifest archive: the time step).</param>
/// <param name="LeadHours">The lead (h), or null for a whole cycle that could not be read (every lead of it).</param>
/// <param name="Reason">What is missing, e.g. the reader's message for a field whose every value is missing.</param>
public sealed record SkippedSample(CycleId Cycle, int? LeadHours, string Reason)
{
    /// <summary>One line: time, lead and reason.</summary>
    public override string ToString() => $"{Cycle.InitTime:yyyy-MM-dd HH:mm} UTC {(LeadHours is int lead ? $"+{lead} h" : "(every lead)")}: {Reason}";
}
