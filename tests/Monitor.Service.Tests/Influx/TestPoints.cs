using System.Globalization;

namespace Monitor.Service.Tests.Influx;

/// <summary>Known line-protocol points: point i of a batch has tag site=s{i%3}, integer field value=first+i and time start+i s.</summary>
internal static class TestPoints
{
    public const long Start = 1_795_000_000; // 2026-11-18, a valid time in the service's range

    public static List<string> Lines(string measurement, int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{measurement},site=s{i % 3} value={i}i,ratio={i * 0.5} {Start + i}"))];

    /// <summary>Rows (time, site, value) the points above must come back as.</summary>
    public static List<(long Time, string Site, long Value)> Expected(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => (Start + i, $"s{i % 3}", (long)i))];
}
