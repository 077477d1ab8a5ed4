using System.Globalization;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Regions;

/// <summary>A kind of extreme: a variable beyond one of its climatological percentiles.</summary>
/// <param name="Name">Short name, e.g. <c>hot</c>.</param>
/// <param name="Variable">The variable compared with its climatology.</param>
/// <param name="Direction">Above or below the threshold.</param>
/// <param name="Threshold">The percentile of the climatology that is the threshold.</param>
/// <param name="MinimumValue">
/// An absolute floor the value must also exceed (in the variable's units), or null: keeps dry climates, whose upper
/// precipitation percentiles are 0, from flagging every drizzle.
/// </param>
public sealed record ExtremeKind(string Name, VariableId Variable, ExceedanceDirection Direction, ClimateStatistic Threshold, double? MinimumValue = null)
{
    /// <summary>t2m above its 99th percentile.</summary>
    public static ExtremeKind Hot { get; } = new("hot", new VariableId("t2m"), ExceedanceDirection.Above, ClimateStatistic.P99);

    /// <summary>t2m below its 1st percentile.</summary>
    public static ExtremeKind Cold { get; } = new("cold", new VariableId("t2m"), ExceedanceDirection.Below, ClimateStatistic.P01);

    /// <summary>10 m wind speed above its 99th percentile.</summary>
    public static ExtremeKind Wind { get; } = new("wind", WindSpeed.Speed, ExceedanceDirection.Above, ClimateStatistic.P99);

    /// <summary>Precipitation above its 99th percentile and at least 0.5 mm (per field accumulation period).</summary>
    public static ExtremeKind HeavyPrecipitation { get; } =
        new("heavy_precipitation", new VariableId("tp"), ExceedanceDirection.Above, ClimateStatistic.P99, 0.0005);

    /// <summary>The four default kinds.</summary>
    public static IReadOnlyList<ExtremeKind> Defaults { get; } = [Hot, Cold, Wind, HeavyPrecipitation];

    /// <summary>
    /// The default kinds with thresholds changed by <c>kind=pNN</c> pairs, e.g. <c>hot=p95,cold=p05</c>; throws
    /// <see cref="FormatException"/> naming the bad pair.
    /// </summary>
    public static IReadOnlyList<ExtremeKind> WithThresholds(string? pairs)
    {
        var kinds = Defaults.ToList();
        if (string.IsNullOrWhiteSpace(pairs))
        {
            return kinds;
        }

        foreach (string pair in pairs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = pair.Split('=');
            int index = parts.Length == 2 ? kinds.FindIndex(k => k.Name == parts[0].Trim()) : -1;
            if (index < 0)
            {
                throw new FormatException($"--thresholds '{pair}' is not kind=percentile with kind one of {string.Join(", ", kinds.Select(k => k.Name))} (e.g. hot=p95).");
            }

            ClimateStatistic threshold = ClimateStatistics.Parse(parts[1]);
            if (!ClimateStatistics.IsPercentile(threshold))
            {
                throw new FormatException($"--thresholds '{pair}': the threshold must be a percentile (p01 … p99).");
            }

            kinds[index] = kinds[index] with { Threshold = threshold };
        }

        return kinds;
    }

    /// <summary>Selects kinds by name (<c>hot,wind</c>); throws <see cref="FormatException"/> naming an unknown one.</summary>
    public static IReadOnlyList<ExtremeKind> Select(IReadOnlyList<ExtremeKind> kinds, string? names)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (string.IsNullOrWhiteSpace(names))
        {
            return kinds;
        }

        return [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n =>
            kinds.FirstOrDefault(k => k.Name == n) ??
            throw new FormatException($"--kinds '{n}' is not one of {string.Join(", ", kinds.Select(k => k.Name))}."))];
    }

    /// <summary>E.g. "hot: t2m > p99".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {Variable} {(Direction == ExceedanceDirection.Above ? ">" : "<")} {ClimateStatistics.Name(Threshold)}") +
        (MinimumValue is double m ? string.Create(CultureInfo.InvariantCulture, $" and > {m}") : "");
}
