namespace Monitor.Core.Regimes;

/// <summary>One regime life cycle: a run of consecutive states with the same persistence label.</summary>
/// <param name="Regime">Regime id (R1 …).</param>
/// <param name="Name">Regime name.</param>
/// <param name="Start">Valid time of the first state (UTC).</param>
/// <param name="End">Valid time of the last state (UTC).</param>
/// <param name="Duration">Duration: last − first + one step (a run of N 6-hourly states lasts N × 6 h).</param>
/// <param name="PeakIndex">Largest standardised index of the regime during the episode (standard deviations).</param>
/// <param name="PeakTime">When the peak occurred (UTC).</param>
public sealed record RegimeEpisode(string Regime, string Name, DateTime Start, DateTime End, TimeSpan Duration, double PeakIndex, DateTime PeakTime);
