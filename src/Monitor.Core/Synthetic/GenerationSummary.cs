namespace Monitor.Core.Synthetic;

/// <summary>What a generation run wrote.</summary>
/// <param name="Cycles">Number of cycles written.</param>
/// <param name="Events">Planted events in the period.</param>
/// <param name="GeographySource">Where the orography and land–sea mask came from.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record GenerationSummary(int Cycles, IReadOnlyList<PlantedEvent> Events, string GeographySource, TimeSpan Elapsed);
