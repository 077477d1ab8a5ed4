namespace Monitor.Core.Synthetic;

/// <summary>Everything a generation run derives from its options before writing: the regime sequence, the planted events, the model.</summary>
/// <param name="Chain">Regime sequence from 2 days before the first cycle to 1 day after the last valid time.</param>
/// <param name="Events">Planted extremes in that span.</param>
/// <param name="Model">The atmosphere model.</param>
public sealed record SyntheticSetup(RegimeChain Chain, IReadOnlyList<PlantedEvent> Events, AtmosphereModel Model);
