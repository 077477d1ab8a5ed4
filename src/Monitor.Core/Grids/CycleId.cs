using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Monitor.Core.Grids;

/// <summary>A forecast cycle: the initialisation time (UTC, whole hour), written <c>yyyyMMddHH</c>.</summary>
public readonly record struct CycleId : IComparable<CycleId>
{
    /// <summary>The textual form, e.g. <c>2026112512</c>.</summary>
    public const string Format = "yyyyMMddHH";

    /// <summary>Creates a cycle id; the time must be UTC and on a whole hour.</summary>
    public CycleId(DateTime initTimeUtc)
    {
        if (initTimeUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException($"Cycle init time {initTimeUtc:o} must be UTC, not local time.", nameof(initTimeUtc));
        }

        if (initTimeUtc.Minute != 0 || initTimeUtc.Second != 0 || initTimeUtc.Millisecond != 0 || initTimeUtc.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"Cycle init time {initTimeUtc:o} is not on a whole hour.", nameof(initTimeUtc));
        }

        InitTime = DateTime.SpecifyKind(initTimeUtc, DateTimeKind.Utc);
    }

    /// <summary>Initialisation time (UTC).</summary>
    public DateTime InitTime { get; }

    /// <summary>Valid time of a lead (UTC).</summary>
    public DateTime ValidTime(int leadHours) => InitTime.AddHours(leadHours);

    /// <summary>Parses <c>yyyyMMddHH</c>; throws <see cref="FormatException"/> quoting the text otherwise.</summary>
    public static CycleId Parse(string text)
    {
        return TryParse(text, out CycleId id) ? id :
            throw new FormatException($"'{text}' is not a cycle id: expected {Format} (UTC init time, e.g. 2026112512).");
    }

    /// <summary>Parses <c>yyyyMMddHH</c> without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CycleId id)
    {
        if (text is { Length: 10 } && text.All(char.IsAsciiDigit) &&
            DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time))
        {
            id = new CycleId(time);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc />
    public int CompareTo(CycleId other) => InitTime.CompareTo(other.InitTime);

    /// <summary>Orders cycles by init time.</summary>
    public static bool operator <(CycleId left, CycleId right) => left.CompareTo(right) < 0;

    /// <summary>Orders cycles by init time.</summary>
    public static bool operator >(CycleId left, CycleId right) => left.CompareTo(right) > 0;

    /// <summary>Orders cycles by init time.</summary>
    public static bool operator <=(CycleId left, CycleId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders cycles by init time.</summary>
    public static bool operator >=(CycleId left, CycleId right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => InitTime.ToString(Format, CultureInfo.InvariantCulture);
}
