namespace Monitor.Core.Regimes;

/// <summary>The answer to a historical regime query (<see cref="RegimeQuery.Run"/>).</summary>
/// <param name="Labels">The labels counted: the regime ids, then <see cref="RegimeHistory.NoRegime"/> last.</param>
/// <param name="Names">Names of <paramref name="Labels"/>.</param>
/// <param name="Episodes">Episodes (of the requested regime, or of all), oldest first.</param>
/// <param name="MonthStates">Number of states in each calendar month (January first).</param>
/// <param name="MonthlyFrequency">Fraction of each month's states with each label <c>[month][label]</c> (0–1; 0 when the month has no state).</param>
/// <param name="SeasonStates">Number of states in each season DJF, MAM, JJA, SON.</param>
/// <param name="SeasonalFrequency">Fraction of each season's states with each label <c>[season][label]</c> (0–1).</param>
/// <param name="Transitions">Counts of label changes between consecutive runs <c>[from][to]</c> (labels as in <paramref name="Labels"/>, gaps ignored).</param>
/// <param name="RegimeTransitions">Counts of changes from one regime episode to the next regime episode <c>[from][to]</c>
/// over the regimes only, skipping "no regime" runs between them (R1 → none → R2 counts as R1 → R2; R1 → none → R1 as R1 → R1).</param>
public sealed record RegimeStatistics(
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Names,
    IReadOnlyList<RegimeEpisode> Episodes,
    int[] MonthStates,
    double[][] MonthlyFrequency,
    int[] SeasonStates,
    double[][] SeasonalFrequency,
    int[][] Transitions,
    int[][] RegimeTransitions)
{
    /// <summary>Season names in <see cref="SeasonalFrequency"/> order.</summary>
    public static IReadOnlyList<string> Seasons { get; } = ["DJF", "MAM", "JJA", "SON"];

    /// <summary>Transition probabilities: each row of <see cref="Transitions"/> divided by its sum (0 for an empty row).</summary>
    public double[][] TransitionProbabilities() =>
        [.. Transitions.Select(row => row.Select(v => row.Sum() == 0 ? 0.0 : v / (double)row.Sum()).ToArray())];
}
