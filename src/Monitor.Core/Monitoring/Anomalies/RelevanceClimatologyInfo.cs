namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>What a relevance climatology describes: whose explanations, where, at which leads and hours, from what.</summary>
/// <param name="Model">The transfer model's name.</param>
/// <param name="Target">Its target.</param>
/// <param name="Inputs">Its inputs, in the model's order (the features follow them).</param>
/// <param name="Locations">The bins and watch regions.</param>
/// <param name="LeadSlots">The leads (h) with their own statistics; a single −1 pools every lead.</param>
/// <param name="Hours">The valid hours (UTC) with their own statistics; a single −1 pools every hour.</param>
/// <param name="Reference">The reference state the explanations were measured from (e.g. <c>climatology</c>).</param>
/// <param name="Method">The attribution method and composite, e.g. <c>lrp zero</c>.</param>
public sealed record RelevanceClimatologyInfo(
    string Model,
    string Target,
    IReadOnlyList<string> Inputs,
    RelevanceLocations Locations,
    IReadOnlyList<int> LeadSlots,
    IReadOnlyList<int> Hours,
    string Reference,
    string Method)
{
    /// <summary>The lead slot of <paramref name="leadHours"/>: its own, else the pooled one, else −1.</summary>
    public int LeadSlot(int leadHours) => SlotOf(LeadSlots, leadHours);

    /// <summary>The hour slot of a valid time: its hour's own, else the pooled one, else −1.</summary>
    public int HourSlot(DateTime validTime) => SlotOf(Hours, validTime.Hour);

    /// <summary>Slots in all: locations × lead slots × hours × 4 seasons.</summary>
    public int SlotCount => Locations.Count * LeadSlots.Count * Hours.Count * MeteorologicalSeason.Names.Count;

    /// <summary>Checks the lists; throws naming what is wrong.</summary>
    public RelevanceClimatologyInfo Validate()
    {
        ArgumentNullException.ThrowIfNull(Inputs);
        ArgumentNullException.ThrowIfNull(Locations);
        if (Inputs.Count == 0 || LeadSlots.Count == 0 || Hours.Count == 0)
        {
            throw new ArgumentException($"A relevance climatology needs inputs ({Inputs.Count}), lead slots ({LeadSlots.Count}) and hours ({Hours.Count}).");
        }

        if (LeadSlots.Distinct().Count() != LeadSlots.Count || (LeadSlots.Contains(-1) && LeadSlots.Count > 1) || LeadSlots.Any(l => l < -1))
        {
            throw new ArgumentException($"Lead slots {string.Join(",", LeadSlots)}: distinct leads ≥ 0, or a single −1 for all leads pooled.");
        }

        if (Hours.Distinct().Count() != Hours.Count || (Hours.Contains(-1) && Hours.Count > 1) || Hours.Any(h => h is < -1 or > 23))
        {
            throw new ArgumentException($"Hours {string.Join(",", Hours)}: distinct hours 0…23, or a single −1 for all hours pooled.");
        }

        return this;
    }

    private static int SlotOf(IReadOnlyList<int> slots, int value)
    {
        for (int i = 0; i < slots.Count; i++)
        {
            if (slots[i] == value || slots[i] == -1)
            {
                return i;
            }
        }

        return -1;
    }
}
