using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>What one variable's climatology file holds.</summary>
/// <param name="Variable">The variable.</param>
/// <param name="Units">Units of the values (and of every statistic but the count).</param>
/// <param name="Grid">The grid.</param>
/// <param name="WindowDays">Half-width of the day-of-year window (days).</param>
/// <param name="WindowCentres">Window centres (day of the 365-day year, see <see cref="ClimateCalendar"/>).</param>
/// <param name="Hours">Valid hours of day (UTC) with their own climate; empty when hours are pooled.</param>
/// <param name="LeadHours">Leads (h) whose fields made the climate.</param>
/// <param name="Cycles">The cycles included, oldest first.</param>
/// <param name="Counts">Samples per window, <c>[hour, window]</c> (one hour row when pooled).</param>
/// <param name="FilePath">The file.</param>
public sealed record ClimatologyVariableInfo(
    VariableId Variable,
    string Units,
    GridSpec Grid,
    int WindowDays,
    IReadOnlyList<int> WindowCentres,
    IReadOnlyList<int> Hours,
    IReadOnlyList<int> LeadHours,
    IReadOnlyList<CycleId> Cycles,
    int[] Counts,
    string FilePath)
{
    /// <summary>Spacing of the window centres (days).</summary>
    public int DayStep => WindowCentres.Count > 1 ? WindowCentres[1] - WindowCentres[0] : ClimateCalendar.DaysInYear;

    /// <summary>True when one climate serves every hour of the day.</summary>
    public bool PoolsHours => Hours.Count == 0;

    /// <summary>Number of hour rows in the file (1 when pooled).</summary>
    public int HourSlots => Math.Max(1, Hours.Count);

    /// <summary>
    /// The hour row and window for a valid time: the window whose centre is nearest the day of year, and the stored
    /// hour nearest the valid hour (exact for the usual 6-hourly steps).
    /// </summary>
    public (int Hour, int Window) SlotFor(DateTime valid)
    {
        int window = ClimateCalendar.NearestCentre(WindowCentres, ClimateCalendar.DayOfYear(valid));
        if (PoolsHours)
        {
            return (0, window);
        }

        int best = 0;
        for (int h = 1; h < Hours.Count; h++)
        {
            if (HourDistance(Hours[h], valid.Hour) < HourDistance(Hours[best], valid.Hour))
            {
                best = h;
            }
        }

        return (best, window);
    }

    /// <summary>
    /// Checks that the tables of one climatology were built together: same grid, window, window centres, hours, leads
    /// and cycles. Throws <see cref="InvalidDataException"/> naming the first that differs from the first.
    /// </summary>
    public static void EnsureSameSettings(IReadOnlyList<ClimatologyVariableInfo> infos)
    {
        ArgumentNullException.ThrowIfNull(infos);
        if (infos.Count == 0)
        {
            return;
        }

        ClimatologyVariableInfo first = infos[0];
        foreach (ClimatologyVariableInfo f in infos)
        {
            if (!f.Grid.Matches(first.Grid) || f.WindowDays != first.WindowDays || !f.WindowCentres.SequenceEqual(first.WindowCentres) ||
                !f.Hours.SequenceEqual(first.Hours) || !f.LeadHours.SequenceEqual(first.LeadHours) || !f.Cycles.SequenceEqual(first.Cycles))
            {
                throw new InvalidDataException($"{f.FilePath}: was built with other settings or cycles than {first.FilePath}; rebuild the climatology.");
            }
        }
    }

    private static int HourDistance(int a, int b) => Math.Min(Math.Abs(a - b), 24 - Math.Abs(a - b));
}
