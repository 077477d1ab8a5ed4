using System.Globalization;
using System.Text;

namespace Monitor.Core.Monitoring.Reports;

/// <summary>
/// InfluxDB line protocol (second precision), as documented for InfluxDB 1.x and 2.x: measurement, tags and field keys
/// escape commas, spaces (and '=' outside the measurement) with a backslash; string fields are double-quoted with '"'
/// and '\' escaped (and line breaks, which would end the line, written as spaces); integers end in <c>i</c>. Non-finite numbers have no line-protocol form: such fields are left
/// out, and a point with no field left is not written.
/// </summary>
public static class LineProtocol
{
    /// <summary>The line of <paramref name="point"/>, or null when it has no finite field.</summary>
    /// <exception cref="ArgumentException">A tag value is empty or a field has an unsupported type.</exception>
    public static string? Format(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var fields = new StringBuilder();
        foreach ((string key, object value) in point.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            string? text = value switch
            {
                double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : null,
                float f => float.IsFinite(f) ? ((double)f).ToString("R", CultureInfo.InvariantCulture) : null,
                long l => l.ToString(CultureInfo.InvariantCulture) + "i",
                int i => i.ToString(CultureInfo.InvariantCulture) + "i",
                bool b => b ? "true" : "false",
                string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace('\n', ' ').Replace('\r', ' ') + "\"",
                _ => throw new ArgumentException($"Field '{key}' of {point.Measurement} has type {value?.GetType().Name ?? "null"}; use double, long, bool or string."),
            };
            if (text is null)
            {
                continue;
            }

            fields.Append(fields.Length == 0 ? "" : ",").Append(Escape(key, true)).Append('=').Append(text);
        }

        if (fields.Length == 0)
        {
            return null;
        }

        var line = new StringBuilder(Escape(point.Measurement, false));
        foreach ((string key, string value) in point.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"Tag '{key}' of {point.Measurement} is empty; line protocol has no empty tag values.");
            }

            line.Append(',').Append(Escape(key, true)).Append('=').Append(Escape(value, true));
        }

        long seconds = new DateTimeOffset(DateTime.SpecifyKind(point.Time, DateTimeKind.Utc)).ToUnixTimeSeconds();
        return line.Append(' ').Append(fields).Append(' ').Append(seconds.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static string Escape(string text, bool equals)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char ch in text)
        {
            if (ch == ',' || ch == ' ' || (equals && ch == '='))
            {
                sb.Append('\\');
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }
}
