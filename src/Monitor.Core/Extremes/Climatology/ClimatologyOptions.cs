using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>How a percentile climatology is built (see docs/extremes.md).</summary>
public sealed record ClimatologyOptions
{
    /// <summary>Default variables: 2 m temperature, 10 m wind speed (derived from u10/v10 when absent), precipitation.</summary>
    public static IReadOnlyList<VariableId> DefaultVariables { get; } = [new("t2m"), new("si10"), new("tp")];

    /// <summary>Variables to build, e.g. t2m, si10 (10 m wind speed), tp.</summary>
    public IReadOnlyList<VariableId> Variables { get; init; } = DefaultVariables;

    /// <summary>Half-width of the day-of-year window (days): a window centred on day d holds days d − w … d + w. Default 15.</summary>
    public int WindowDays { get; init; } = 15;

    /// <summary>Spacing of the window centres (days); 1 stores every day of the year. Default 5 (73 windows).</summary>
    public int DayStep { get; init; } = 5;

    /// <summary>Leads (h) whose valid-time fields make the climate; default the analyses (lead 0).</summary>
    public IReadOnlyList<int> LeadHours { get; init; } = [0];

    /// <summary>When true, one climate for all hours of the day; by default one per valid hour (UTC) found in the archive.</summary>
    public bool PoolHours { get; init; }

    /// <summary>Memory the sample block may use (bytes): sets how many grid rows are processed per pass. Default 1 GiB.</summary>
    public long MemoryBudgetBytes { get; init; } = 1L << 30;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option and value.</summary>
    public ClimatologyOptions Validate()
    {
        if (Variables.Count == 0 || Variables.Distinct().Count() != Variables.Count)
        {
            throw new ArgumentException($"--variables must name distinct variables, got '{string.Join(",", Variables)}'.");
        }

        if (WindowDays is < 0 or > 182)
        {
            throw new ArgumentException($"--window-days must be 0–182 (days either side), got {WindowDays}.");
        }

        if (DayStep is < 1 or > ClimateCalendar.DaysInYear)
        {
            throw new ArgumentException($"--day-step must be 1–365 days, got {DayStep}.");
        }

        // Centres are DayStep apart (the gap across the year's end is at most DayStep): the day farthest from every
        // centre lies ⌊DayStep / 2⌋ days from the nearest, so it falls in a window only when that is at most WindowDays.
        if (DayStep / 2 > WindowDays)
        {
            throw new ArgumentException($"--window-days {WindowDays} with --day-step {DayStep} leaves days of the year in no window: " +
                $"the day step must be at most 2 × window-days + 1 = {(2 * WindowDays) + 1}, or the window at least {DayStep / 2} days.");
        }

        if (LeadHours.Count == 0 || LeadHours.Any(l => l < 0) || LeadHours.Distinct().Count() != LeadHours.Count)
        {
            throw new ArgumentException($"--leads must be distinct non-negative hours, got '{string.Join(",", LeadHours)}'.");
        }

        if (MemoryBudgetBytes < 1)
        {
            throw new ArgumentException($"--memory-mb must be positive, got {MemoryBudgetBytes} bytes.");
        }

        return this;
    }
}
