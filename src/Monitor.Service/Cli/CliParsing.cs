using System.Globalization;

namespace Monitor.Service.Cli;

/// <summary>Parsers for the command line's value syntaxes; each throws <see cref="FormatException"/> quoting the text.</summary>
internal static class CliParsing
{
    private static readonly string[] s_dateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm", "yyyyMMddHH"];

    /// <summary>A UTC time: <c>2026-01-01</c>, <c>2026-01-01T06</c>, <c>2026-01-01T06:00</c> or <c>2026010106</c>.</summary>
    public static DateTime ParseUtc(string text, string option)
    {
        return DateTime.TryParseExact(text.Trim().TrimEnd('Z'), s_dateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
            ? time
            : throw new FormatException($"{option} '{text}' is not a UTC date (e.g. 2026-01-01 or 2026-01-01T06).");
    }

    /// <summary>A duration in hours or days: <c>6h</c>, <c>12h</c>, <c>1d</c>.</summary>
    public static TimeSpan ParseInterval(string text, string option)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t.Length > 1 && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
        {
            if (t[^1] == 'h')
            {
                return TimeSpan.FromHours(n);
            }

            if (t[^1] == 'd')
            {
                return TimeSpan.FromDays(n);
            }
        }

        throw new FormatException($"{option} '{text}' is not a duration such as 6h or 1d.");
    }

    /// <summary>Lead hours: <c>0-72/6</c> (range with step), <c>0-24</c> (step 1), or a list <c>0,6,12</c>.</summary>
    public static int[] ParseLeads(string text, string option)
    {
        try
        {
            string t = text.Trim();
            if (t.Contains('-', StringComparison.Ordinal))
            {
                string[] rangeAndStep = t.Split('/');
                string[] bounds = rangeAndStep[0].Split('-');
                int first = int.Parse(bounds[0], CultureInfo.InvariantCulture), last = int.Parse(bounds[1], CultureInfo.InvariantCulture);
                int step = rangeAndStep.Length > 1 ? int.Parse(rangeAndStep[1], CultureInfo.InvariantCulture) : 1;
                if (bounds.Length != 2 || step <= 0 || last < first || first < 0)
                {
                    throw new FormatException();
                }

                return Enumerable.Range(0, ((last - first) / step) + 1).Select(i => first + (i * step)).ToArray();
            }

            int[] list = t.Split(',').Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            return list.Zip(list.Skip(1)).All(p => p.Second > p.First) ? list : throw new FormatException();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new FormatException($"{option} '{text}' is not a lead list such as 0-72/6 or 0,6,12 (hours, increasing).");
        }
    }
}
