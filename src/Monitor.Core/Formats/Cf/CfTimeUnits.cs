using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Formats.Cf;

/// <summary>
/// CF time units, <c>&lt;unit&gt; since &lt;reference&gt;</c> (CF Conventions §4.4), with the calendars forecast
/// data use: <c>standard</c>/<c>gregorian</c> (for dates after 1582-10-15, where it equals the proleptic Gregorian
/// calendar) and <c>proleptic_gregorian</c>. Other calendars (noleap, 360_day, julian …) are refused by name rather
/// than decoded wrongly.
/// </summary>
public sealed partial record CfTimeUnits(TimeSpan Unit, DateTime ReferenceUtc, string Calendar)
{
    /// <summary>First day of the Gregorian calendar; the mixed <c>standard</c> calendar is Julian before it.</summary>
    public static readonly DateTime GregorianStart = new(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Parses units and calendar; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CfTimeUnits Parse(string units, string? calendar)
    {
        ArgumentNullException.ThrowIfNull(units);
        string cal = string.IsNullOrWhiteSpace(calendar) ? "standard" : calendar.Trim().ToLowerInvariant();
        if (cal is not ("standard" or "gregorian" or "proleptic_gregorian"))
        {
            throw new FormatException($"calendar '{calendar}' is not supported (standard, gregorian, proleptic_gregorian are).");
        }

        Match m = UnitsPattern().Match(units.Trim());
        if (!m.Success)
        {
            throw new FormatException($"time units '{units}' are not of the form '<unit> since <date>'.");
        }

        TimeSpan unit = ParseUnit(m.Groups["unit"].Value) ??
            throw new FormatException($"time unit '{m.Groups["unit"].Value}' in '{units}' is not one of seconds, minutes, hours, days.");
        DateTime reference = ParseReference(m.Groups["ref"].Value.Trim(), units);
        if (cal != "proleptic_gregorian" && reference < GregorianStart)
        {
            throw new FormatException(
                $"reference date {reference:yyyy-MM-dd} with calendar '{cal}' falls in the Julian part of the mixed calendar, which is not supported; use proleptic_gregorian.");
        }

        return new CfTimeUnits(unit, reference, cal);
    }

    /// <summary>Parses a duration unit (seconds, minutes, hours, days and abbreviations); null when unknown.</summary>
    public static TimeSpan? ParseUnit(string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "seconds" or "second" or "secs" or "sec" or "s" => TimeSpan.FromSeconds(1),
        "minutes" or "minute" or "mins" or "min" => TimeSpan.FromMinutes(1),
        "hours" or "hour" or "hrs" or "hr" or "h" => TimeSpan.FromHours(1),
        "days" or "day" or "d" => TimeSpan.FromDays(1),
        _ => null,
    };

    /// <summary>Converts an offset in these units to a UTC time (rounded to the nearest second).</summary>
    public DateTime ToDateTime(double offset)
    {
        if (!double.IsFinite(offset))
        {
            throw new FormatException($"time value {offset} is not finite.");
        }

        double seconds = Math.Round(offset * Unit.TotalSeconds);
        return ReferenceUtc.AddSeconds(seconds);
    }

    /// <summary>Converts a UTC time to an offset in these units.</summary>
    public double ToOffset(DateTime timeUtc) => (timeUtc - ReferenceUtc).TotalSeconds / Unit.TotalSeconds;

    /// <summary>CF text, e.g. <c>hours since 1900-01-01 00:00:00</c>.</summary>
    public override string ToString()
    {
        string unit = Unit.TotalSeconds switch { 1 => "seconds", 60 => "minutes", 3600 => "hours", _ => "days" };
        return $"{unit} since {ReferenceUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}";
    }

    private static DateTime ParseReference(string text, string units)
    {
        Match m = ReferencePattern().Match(text);
        if (!m.Success)
        {
            throw new FormatException($"reference date '{text}' in time units '{units}' is not an ISO date.");
        }

        int Group(string name, int fallback) => m.Groups[name].Success
            ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;

        double second = m.Groups["second"].Success ? double.Parse(m.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            var time = new DateTime(Group("year", 1), Group("month", 1), Group("day", 1), Group("hour", 0), Group("minute", 0), 0, DateTimeKind.Utc)
                .AddSeconds(second);
            if (m.Groups["tzsign"].Success)
            {
                var offset = new TimeSpan(Group("tzhour", 0), Group("tzminute", 0), 0);
                time = m.Groups["tzsign"].Value == "-" ? time + offset : time - offset;
            }

            return time;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"reference date '{text}' in time units '{units}' is not a valid date.");
        }
    }

    [GeneratedRegex(@"^(?<unit>[A-Za-z]+)\s+since\s+(?<ref>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex UnitsPattern();

    [GeneratedRegex(@"^(?<year>\d{1,4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?:[T\s]+(?<hour>\d{1,2}):(?<minute>\d{1,2})(?::(?<second>\d{1,2}(?:\.\d*)?))?)?\s*(?:Z|UTC|(?<tzsign>[+-])(?<tzhour>\d{1,2})(?::?(?<tzminute>\d{2}))?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencePattern();
}
