namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// The 365-day calendar of the climatology: day of year 1–365 with 29 February folded onto 28 February, so that every
/// year has the same days and day-of-year windows wrap from 31 December to 1 January.
/// </summary>
public static class ClimateCalendar
{
    /// <summary>Days in the climatological year.</summary>
    public const int DaysInYear = 365;

    /// <summary>Day of year (1–365) of a time; in leap years 29 February counts as day 59 (28 February) and later days shift back one.</summary>
    public static int DayOfYear(DateTime time)
    {
        int day = time.DayOfYear;
        return DateTime.IsLeapYear(time.Year) && day >= 60 ? day - 1 : day;
    }

    /// <summary>Distance (days, 0–182) between two days of the year, around the year's end.</summary>
    public static int Distance(int dayA, int dayB)
    {
        int d = Math.Abs(dayA - dayB) % DaysInYear;
        return Math.Min(d, DaysInYear - d);
    }

    /// <summary>Window centres 1, 1 + step, … up to 365.</summary>
    public static int[] WindowCentres(int dayStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dayStep, 1);
        return [.. Enumerable.Range(0, ((DaysInYear - 1) / dayStep) + 1).Select(i => 1 + (i * dayStep))];
    }

    /// <summary>Index of the centre nearest to <paramref name="day"/> (ties: the earlier centre).</summary>
    public static int NearestCentre(IReadOnlyList<int> centres, int day)
    {
        ArgumentNullException.ThrowIfNull(centres);
        int best = 0;
        for (int i = 1; i < centres.Count; i++)
        {
            if (Distance(centres[i], day) < Distance(centres[best], day))
            {
                best = i;
            }
        }

        return best;
    }
}
