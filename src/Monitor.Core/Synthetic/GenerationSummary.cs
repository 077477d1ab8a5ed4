namespace Monitor.Core.Synthetic;

/// <summary>What a generation run wrote.</summary>
/// <param name="Cycles">Number of cycles written.</param>
/// <param name="Setup">The regime sequence, planted events and model the archive was written with.</param>
/// <param name="GeographySource">Where the orography and land–sea mask came from.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record GenerationSummary(int Cycles, SyntheticSetup Setup, string GeographySource, TimeSpan Elapsed)
{
    /// <summary>Planted events of the archive.</summary>
    public IReadOnlyList<PlantedEvent> Events => Setup.Events;
}
