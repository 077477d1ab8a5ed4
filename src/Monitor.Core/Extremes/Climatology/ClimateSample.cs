using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>One field time of the archive that enters the climatology: a cycle and one of its leads.</summary>
/// <param name="Cycle">The forecast cycle.</param>
/// <param name="LeadHours">The lead (h).</param>
public readonly record struct ClimateSample(CycleId Cycle, int LeadHours)
{
    /// <summary>Valid time (UTC).</summary>
    public DateTime ValidTime => Cycle.ValidTime(LeadHours);

    /// <inheritdoc />
    public override string ToString() => $"{Cycle} +{LeadHours} h";
}
