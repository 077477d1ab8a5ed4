namespace Monitor.Core.Relevance.Patterns;

/// <summary>The nearest recurring pattern of a new case.</summary>
/// <param name="Pattern">The nearest pattern's index in <see cref="RelevancePatternModel.Patterns"/>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Distance">Euclidean distance from the pattern's centre in the clustering's feature space.</param>
/// <param name="TypicalDistance">The pattern's members' root-mean-square distance from its centre.</param>
public sealed record PatternAssignment(int Pattern, string Name, double Distance, double TypicalDistance)
{
    /// <summary>
    /// Distance / TypicalDistance: about 1 for a case like the pattern's members, well above 1 for a case unlike any
    /// pattern seen (infinite when the members all coincide and the case does not).
    /// </summary>
    public double Ratio => TypicalDistance > 0 ? Distance / TypicalDistance : Distance > 0 ? double.PositiveInfinity : 0;
}
