using System.Globalization;
using Monitor.Core.Regimes;

namespace Monitor.Service.Cli;

/// <summary>Prints the answer of a regime query as plain-text tables.</summary>
internal static class RegimeReport
{
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static void Write(TextWriter output, RegimeStatistics stats, DateTime from, DateTime to)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"regime history {from:yyyy-MM-dd HH:mm}–{to:yyyy-MM-dd HH:mm} UTC: {stats.MonthStates.Sum()} states, {stats.Episodes.Count} episodes"));
        output.WriteLine("episodes:");
        output.WriteLine($"  {"regime",-6} {"name",-22} {"start (UTC)",16} {"end (UTC)",16} {"days",6} {"peak index",10}");
        foreach (RegimeEpisode e in stats.Episodes)
        {
            output.WriteLine(string.Create(c, $"  {e.Regime,-6} {e.Name,-22} {e.Start,16:yyyy-MM-dd HH:mm} {e.End,16:yyyy-MM-dd HH:mm} {e.Duration.TotalDays,6:F2} {e.PeakIndex,10:F2}"));
        }

        string header = string.Join(" ", stats.Labels.Select(l => $"{l,7}"));
        output.WriteLine("frequency by month (share of states):");
        output.WriteLine($"  {"month",-5} {"states",7} {header}");
        for (int m = 0; m < 12; m++)
        {
            if (stats.MonthStates[m] > 0)
            {
                output.WriteLine($"  {s_months[m],-5} {stats.MonthStates[m],7} {Row(stats.MonthlyFrequency[m])}");
            }
        }

        output.WriteLine("frequency by season:");
        output.WriteLine($"  {"season",-5} {"states",7} {header}");
        for (int s = 0; s < 4; s++)
        {
            if (stats.SeasonStates[s] > 0)
            {
                output.WriteLine($"  {RegimeStatistics.Seasons[s],-5} {stats.SeasonStates[s],7} {Row(stats.SeasonalFrequency[s])}");
            }
        }

        output.WriteLine("transitions between consecutive runs (count; row share):");
        output.WriteLine($"  {"from\\to",-7} {header}");
        double[][] p = stats.TransitionProbabilities();
        for (int r = 0; r < stats.Labels.Count; r++)
        {
            string cells = string.Join(" ", stats.Transitions[r].Select((n, j) => string.Create(c, $"{n,3}/{p[r][j],3:F2}")));
            output.WriteLine($"  {stats.Labels[r],-7} {cells}");
        }

        output.WriteLine("regime-to-regime transitions, skipping no-regime runs (count):");
        output.WriteLine($"  {"from\\to",-7} {string.Join(" ", stats.Labels.Take(stats.RegimeTransitions.Length).Select(l => $"{l,7}"))}");
        for (int r = 0; r < stats.RegimeTransitions.Length; r++)
        {
            output.WriteLine($"  {stats.Labels[r],-7} {string.Join(" ", stats.RegimeTransitions[r].Select(n => $"{n,7}"))}");
        }
    }

    private static string Row(double[] shares) =>
        string.Join(" ", shares.Select(v => v.ToString("P1", CultureInfo.InvariantCulture).PadLeft(7)));
}
