using System.Globalization;

namespace Monitor.Core.Cycles;

/// <summary>A closed period of cycle init times (UTC), written <c>2025-01-01..2025-12-31</c> (a date alone ends at 23:59).</summary>
/// <param name="Start">First init time included.</param>
/// <param name="End">Last init time included.</param>
public sealed record TimePeriod(DateTime Start, DateTime End)
{
    private static readonly string[] s_formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH", "yyyy-MM-ddTHH:mm", "yyyyMMddHH"];

    /// <summary>True when the time lies in the period.</summary>
    public bool Contains(DateTime time) => time >= Start && time <= End;

    /// <summary>True when the two periods share any instant.</summary>
    public bool Overlaps(TimePeriod other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Start <= other.End && other.Start <= End;
    }

    /// <summary>Parses <c>A..B</c>; throws <see cref="FormatException"/> quoting the text.</summary>
    public static TimePeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split("..");
        if (parts.Length == 2 && TryTime(parts[0], endOfDay: false, out DateTime start) && TryTime(parts[1], endOfDay: true, out DateTime end) && end >= start)
        {
            return new TimePeriod(start, end);
        }

        throw new FormatException($"Period '{text}' is not START..END with START ≤ END (e.g. 2025-01-01..2025-12-31).");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)}..{End.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)}";

    private static bool TryTime(string text, bool endOfDay, out DateTime time)
    {
        if (!DateTime.TryParseExact(text.Trim(), s_formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time))
        {
            return false;
        }

        if (endOfDay && text.Trim().Length == 10 && text.Contains('-', StringComparison.Ordinal))
        {
            time = time.AddDays(1).AddMinutes(-1);
        }

        return true;
    }
}
