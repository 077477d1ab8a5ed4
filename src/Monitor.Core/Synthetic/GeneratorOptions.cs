using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>What <see cref="ArchiveGenerator"/> writes.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The grid.</summary>
    public required GridSpec Grid { get; init; }

    /// <summary>First cycle (UTC).</summary>
    public required DateTime From { get; init; }

    /// <summary>Last cycle (UTC, inclusive).</summary>
    public required DateTime To { get; init; }

    /// <summary>Time between cycles (default 6 h).</summary>
    public TimeSpan CycleInterval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Lead times (h) of every cycle (default 0–72 by 6).</summary>
    public IReadOnlyList<int> LeadHours { get; init; } = Enumerable.Range(0, 13).Select(i => i * 6).ToArray();

    /// <summary>Random seed: the same seed and options give bit-identical files.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// Whether to plant the extremes (default true). Without them the archive holds the same weather — regimes, waves,
    /// noise — as the seed's archive with them: ordinary weather only, for climatologies that rare events have not
    /// entered (a long record in which each is rare) and for tests that compare the two.
    /// </summary>
    public bool PlantEvents { get; init; } = true;

    /// <summary>
    /// Advective warm spells planted per month in December–February (Poisson; default
    /// <see cref="EventPlanner.DefaultWarmSpellsPerMonth"/>, 0–30). Another rate changes the seed's other events too (they
    /// share the plan's random stream); the weather outside the events is the seed's own.
    /// </summary>
    public double WarmSpellsPerMonth { get; init; } = EventPlanner.DefaultWarmSpellsPerMonth;

    /// <summary>Output directory: one folder per cycle (the inbox layout) and <c>truth/</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Where ETOPO relief files are (Debian's ferret-datasets); null for the default location.</summary>
    public string? EtopoDirectory { get; init; }

    /// <summary>The cycles to write, in order.</summary>
    public IEnumerable<CycleId> Cycles()
    {
        for (DateTime t = From; t <= To; t += CycleInterval)
        {
            yield return new CycleId(t);
        }
    }

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public GeneratorOptions Validate()
    {
        if (To < From)
        {
            throw new ArgumentException($"--to ({To:yyyy-MM-dd HH}) is before --from ({From:yyyy-MM-dd HH}).");
        }

        if (CycleInterval < TimeSpan.FromHours(1) || CycleInterval.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"--cycle-interval must be a whole number of hours ≥ 1, got {CycleInterval}.");
        }

        if (LeadHours.Count == 0 || LeadHours.Any(h => h < 0) || LeadHours.Zip(LeadHours.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException($"--leads must be non-negative and increasing, got {string.Join(",", LeadHours)}.");
        }

        if (!(WarmSpellsPerMonth >= 0 && WarmSpellsPerMonth <= 30))
        {
            throw new ArgumentException($"--warm-spells-per-month must be within 0–30, got {WarmSpellsPerMonth}.");
        }

        _ = new CycleId(From);
        return this;
    }
}
