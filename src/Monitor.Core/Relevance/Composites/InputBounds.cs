namespace Monitor.Core.Relevance.Composites;

/// <summary>
/// Bounds l ≤ x ≤ h of each standardised input channel, for the z^B rule at the input layer. They come from the
/// model's normalisation: l = (min − μ)/σ, h = (max − μ)/σ with the training sample's extremes.
/// </summary>
/// <param name="Low">Lower bound per input channel.</param>
/// <param name="High">Upper bound per input channel.</param>
public sealed record InputBounds(IReadOnlyList<double> Low, IReadOnlyList<double> High);
