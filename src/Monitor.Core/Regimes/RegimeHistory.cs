namespace Monitor.Core.Regimes;

/// <summary>A time-ordered regime history: the states of an archive with their labels, indices and EOF positions.</summary>
/// <param name="RegimeIds">Ids of the regimes (R1 …), in index order.</param>
/// <param name="RegimeNames">Names of the regimes (e.g. "Atlantic trough", or the id), in index order.</param>
/// <param name="Entries">The states, oldest first.</param>
public sealed record RegimeHistory(IReadOnlyList<string> RegimeIds, IReadOnlyList<string> RegimeNames, IReadOnlyList<RegimeHistoryEntry> Entries)
{
    /// <summary>The label of a state outside every regime life cycle.</summary>
    public const string NoRegime = "none";

    /// <summary>Name of a label (a regime id or <see cref="NoRegime"/>): the regime's name, or "no regime".</summary>
    public string NameOf(string label) => IndexOf(RegimeIds, label) is int r and >= 0 ? RegimeNames[r] : "no regime";

    /// <summary>The index of regime id <paramref name="id"/> in <paramref name="ids"/> (exact match), or −1.</summary>
    public static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        ArgumentNullException.ThrowIfNull(ids);
        for (int r = 0; r < ids.Count; r++)
        {
            if (ids[r] == id)
            {
                return r;
            }
        }

        return -1;
    }

    /// <summary>The regime index (0-based) of an id or name (case-insensitive), or −1 for "none"/"no regime"; throws naming the unknown value.</summary>
    public int Resolve(string regime)
    {
        ArgumentNullException.ThrowIfNull(regime);
        for (int r = 0; r < RegimeIds.Count; r++)
        {
            if (string.Equals(RegimeIds[r], regime, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(RegimeNames[r], regime, StringComparison.OrdinalIgnoreCase))
            {
                return r;
            }
        }

        if (string.Equals(regime, NoRegime, StringComparison.OrdinalIgnoreCase) || string.Equals(regime, "no regime", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        throw new ArgumentException(
            $"--regime '{regime}' is not a regime of this model; known: {string.Join(", ", RegimeIds.Select((id, r) => $"{id} ({RegimeNames[r]})"))}, none.");
    }
}
