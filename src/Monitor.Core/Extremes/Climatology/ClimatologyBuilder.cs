using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// Builds and updates the percentile climatology: for every cell, variable, valid hour of day and day-of-year window,
/// the exact 1/5/10/90/95/99th percentiles (linear interpolation between order statistics, numpy's default), the
/// mean and the standard deviation of the samples in the window. Streams: the grid is processed in blocks of rows
/// sized by the memory budget, each block reading only its rows of the samples it needs, so archives larger than
/// memory work (at the price of one pass over the archive per block). An update recomputes exactly the windows the
/// new cycles touch, from every sample in them, and copies the rest: it equals a build over all cycles.
/// </summary>
public static class ClimatologyBuilder
{
    private const int StatisticCount = (int)ClimateStatistic.Std + 1;

    /// <summary>Builds a climatology from every sample of <paramref name="source"/> at the options' leads.</summary>
    /// <param name="source">The samples.</param>
    /// <param name="options">Variables, window, leads, hours, memory budget.</param>
    /// <param name="store">Where the climatology goes (replaced as a whole when the build succeeds).</param>
    /// <param name="progress">Receives a line per block.</param>
    /// <exception cref="ArgumentException">Bad options, or no sample at the requested leads.</exception>
    public static ClimatologyBuildResult Build(IClimateSampleSource source, ClimatologyOptions options, IClimatologyStore store, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        ClimateSample[] samples = [.. source.Samples.Where(s => options.LeadHours.Contains(s.LeadHours))];
        if (samples.Length == 0)
        {
            throw new ArgumentException($"{source.Location}: no sample at leads {string.Join(",", options.LeadHours)} h.");
        }

        int[] hours = options.PoolHours ? [] : [.. samples.Select(s => s.ValidTime.Hour).Distinct().Order()];
        int[] centres = ClimateCalendar.WindowCentres(options.DayStep);
        var plan = new Plan(source.Grid, options.Variables, hours, centres, options.WindowDays, samples);
        var templates = options.Variables.Select(v => new ClimatologyVariableInfo(v, UnitsOf(v), source.Grid, options.WindowDays, centres, hours,
            [.. options.LeadHours.Order()], [.. samples.Select(s => s.Cycle).Distinct().Order()], plan.Counts, "")).ToArray();
        bool[] all = Enumerable.Repeat(true, plan.Slots).ToArray();
        return Run(source, plan, all, templates, null, store, options.MemoryBudgetBytes, templates[0].Cycles.Count, progress);
    }

    /// <summary>
    /// Adds the cycles of <paramref name="source"/> that the climatology in <paramref name="store"/> lacks:
    /// recomputes every hour × window slot a new sample falls in, from all samples of that slot, and copies the others.
    /// The result equals <see cref="Build"/> over the old and new cycles. The source must still hold every cycle the
    /// climatology was built from (otherwise a <see cref="CycleDataException"/> lists the missing ones).
    /// </summary>
    public static ClimatologyBuildResult Update(IClimateSampleSource source, IClimatologyStore store, long memoryBudgetBytes, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(store);
        List<IClimatologyTable> old = [.. store.OpenAll()];
        try
        {
            if (old.Count == 0)
            {
                throw new CycleDataException(store.Location, null, "no climatology to update; build one first (without --update).");
            }

            ClimatologyVariableInfo.EnsureSameSettings([.. old.Select(t => t.Info)]);
            ClimatologyVariableInfo first = old[0].Info;

            if (!source.Grid.Matches(first.Grid))
            {
                throw new CycleDataException(source.Location, first.Variable.ToString(),
                    $"the archive's grid {source.Grid} differs from the climatology's grid {first.Grid} ({first.FilePath}).");
            }

            ClimateSample[] samples = [.. source.Samples.Where(s => first.LeadHours.Contains(s.LeadHours))];
            var sourceCycles = samples.Select(s => s.Cycle).ToHashSet();
            var oldCycles = first.Cycles.ToHashSet();
            CycleId[] missing = [.. oldCycles.Where(c => !sourceCycles.Contains(c)).Order()];
            if (missing.Length > 0)
            {
                throw new CycleDataException(source.Location, null,
                    $"{missing.Length} cycle(s) the climatology includes are no longer in the archive (first {missing[0]}); " +
                    "an update recomputes the touched windows from all their samples, so rebuild instead.");
            }

            ClimateSample[] added = [.. samples.Where(s => !oldCycles.Contains(s.Cycle))];
            if (added.Length == 0)
            {
                progress?.Report("no new cycle: the climatology is up to date");
                return new ClimatologyBuildResult([.. old.Select(t => t.Info.FilePath)], first.Cycles.Count, 0, 0, 0, first.HourSlots * first.WindowCentres.Count, 0, 0);
            }

            int[] hours = [.. first.Hours];
            int unknownHour = added.Select(s => s.ValidTime.Hour).FirstOrDefault(h => !first.PoolsHours && !hours.Contains(h), -1);
            if (unknownHour >= 0)
            {
                throw new ArgumentException($"{source.Location}: new cycles have valid hour {unknownHour:00} UTC, which the climatology " +
                    $"(hours {string.Join(",", hours)}) has no slot for; rebuild it.");
            }

            int[] centres = [.. first.WindowCentres];
            VariableId[] variables = [.. old.Select(f => f.Info.Variable)];
            var full = new Plan(first.Grid, variables, hours, centres, first.WindowDays, samples);
            var touched = new bool[full.Slots];
            foreach (int slot in added.SelectMany(full.SlotsOf))
            {
                touched[slot] = true;
            }

            // Only the samples of touched slots are read; the plan over them gives the same members per touched slot.
            ClimateSample[] needed = [.. samples.Where(s => full.SlotsOf(s).Any(slot => touched[slot]))];
            var plan = new Plan(first.Grid, variables, hours, centres, first.WindowDays, needed);
            CycleId[] cycles = [.. sourceCycles.Order()];
            var templates = old.Select(f => f.Info with { Cycles = cycles, Counts = full.Counts, FilePath = "" }).ToArray();
            return Run(source, plan, touched, templates, old, store, memoryBudgetBytes, added.Select(s => s.Cycle).Distinct().Count(), progress);
        }
        finally
        {
            foreach (IClimatologyTable t in old)
            {
                t.Dispose();
            }
        }
    }

    private static ClimatologyBuildResult Run(IClimateSampleSource source, Plan plan, bool[] compute, ClimatologyVariableInfo[] templates,
        List<IClimatologyTable>? old, IClimatologyStore store, long budget, int newCycles, IProgress<string>? progress)
    {
        GridSpec grid = plan.Grid;
        int v = plan.Variables.Count, s = plan.Sorted.Length, lon = grid.LongitudeCount;
        int[] targets = [.. Enumerable.Range(0, plan.Slots).Where(i => compute[i])];
        int rows = RowsPerBlock(budget, grid.LatitudeCount, lon, v, s, targets.Length);
        int blocks = (grid.LatitudeCount + rows - 1) / rows;
        ClimateSample[] readOrder = [.. plan.Sorted.OrderBy(x => x.Cycle).ThenBy(x => x.LeadHours)];

        var written = new List<IClimatologyTable>();
        try
        {
            foreach (ClimatologyVariableInfo t in templates)
            {
                written.Add(store.CreateStaged(t, rows, source.Location));
            }

            var data = new float[(long)v * rows * lon * s];
            var buffer = new float[v * rows * lon];
            var results = new float[(long)v * StatisticCount * targets.Length * rows * lon];
            for (int r0 = 0; r0 < grid.LatitudeCount; r0 += rows)
            {
                int nr = Math.Min(rows, grid.LatitudeCount - r0), n = nr * lon;
                if (targets.Length > 0)
                {
                    foreach (ClimateSample sample in readOrder)
                    {
                        source.Read(sample, plan.Variables, r0, nr, buffer);
                        int p = plan.Position[sample];
                        for (int k = 0; k < v * n; k++)
                        {
                            data[((long)k * s) + p] = buffer[k];
                        }
                    }

                    ComputeBlock(plan, targets, data, results, n);
                }

                for (int k = 0; k < v; k++)
                {
                    IClimatologyTable file = written[k];
                    for (int ti = 0; ti < targets.Length; ti++)
                    {
                        (int h, int w) = (targets[ti] / plan.Centres.Length, targets[ti] % plan.Centres.Length);
                        for (int st = 0; st < StatisticCount; st++)
                        {
                            long offset = ((((long)k * StatisticCount) + st) * targets.Length + ti) * n;
                            file.Write((ClimateStatistic)st, h, w, r0, nr, results.AsSpan((int)offset, n));
                        }
                    }

                    CopyUntouched(old?[k], file, compute, plan.Centres.Length, r0, nr, buffer.AsSpan(0, n));
                }

                progress?.Report($"rows {r0}–{r0 + nr - 1} of {grid.LatitudeCount}: {targets.Length} windows from {s} samples");
            }

            IReadOnlyList<string> files = store.Commit(written, progress);
            written.Clear();
            return new ClimatologyBuildResult(files, templates[0].Cycles.Count, newCycles, targets.Length > 0 ? s * blocks : 0,
                targets.Length, plan.Slots, rows, blocks);
        }
        catch
        {
            store.Discard(written);
            throw;
        }
    }

    /// <summary>
    /// Grid rows per pass: as many as the memory budget allows for the sample block, the read buffer and the results,
    /// at least one, at most the grid's rows, and never so many that a buffer would exceed <see cref="Array.MaxLength"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Even one row would exceed <see cref="Array.MaxLength"/>.</exception>
    internal static int RowsPerBlock(long budget, int latitudeCount, int longitudeCount, int variables, int samples, int targets)
    {
        long bytesPerRow = (long)longitudeCount * sizeof(float) * variables * ((long)samples + 1 + (StatisticCount * (long)targets));
        long elementsPerRow = (long)longitudeCount * variables * Math.Max(Math.Max(1L, samples), StatisticCount * (long)targets);
        long largest = Array.MaxLength / elementsPerRow;
        if (largest < 1)
        {
            throw new ArgumentException($"one grid row of {samples} samples × {variables} variables × {longitudeCount} columns exceeds the largest " +
                $"array ({Array.MaxLength} values); build with fewer cycles, leads or variables.");
        }

        return (int)Math.Clamp(budget / Math.Max(1, bytesPerRow), 1, Math.Min(latitudeCount, largest));
    }

    private static void CopyUntouched(IClimatologyTable? old, IClimatologyTable file, bool[] compute, int windows, int r0, int nr, Span<float> buffer)
    {
        if (old is null)
        {
            return;
        }

        for (int slot = 0; slot < compute.Length; slot++)
        {
            if (compute[slot])
            {
                continue;
            }

            foreach (ClimateStatistic st in ClimateStatistics.All)
            {
                old.Read(st, slot / windows, slot % windows, r0, nr, buffer);
                file.Write(st, slot / windows, slot % windows, r0, nr, buffer);
            }
        }
    }

    private static void ComputeBlock(Plan plan, int[] targets, float[] data, float[] results, int n)
    {
        int v = plan.Variables.Count, s = plan.Sorted.Length;
        int longest = targets.Max(t => plan.Members[t].Length);
        const int chunk = 64;
        Parallel.For(0, (n + chunk - 1) / chunk, c =>
        {
            var scratch = new float[Math.Max(1, longest)];
            for (int i = c * chunk; i < Math.Min(n, (c + 1) * chunk); i++)
            {
                for (int k = 0; k < v; k++)
                {
                    long cellBase = ((long)k * n + i) * s;
                    for (int ti = 0; ti < targets.Length; ti++)
                    {
                        int[] members = plan.Members[targets[ti]];
                        Span<float> window = scratch.AsSpan(0, members.Length);
                        for (int m = 0; m < members.Length; m++)
                        {
                            window[m] = data[cellBase + members[m]];
                        }

                        window.Sort();
                        long stride = (long)targets.Length * n, at = ((((long)k * StatisticCount) * targets.Length) + ti) * n + i;
                        Describe(window, results, at, stride);
                    }
                }
            }
        });
    }

    /// <summary>Writes the eight statistics of ascending <paramref name="sorted"/> at <paramref name="at"/>, <paramref name="stride"/> apart.</summary>
    private static void Describe(ReadOnlySpan<float> sorted, float[] results, long at, long stride)
    {
        foreach (ClimateStatistic p in ClimateStatistics.Percentiles)
        {
            results[at + ((int)p * stride)] = (float)ClimateStatistics.Quantile(sorted, ClimateStatistics.Level(p));
        }

        // Summed in sorted order, so the result depends only on the window's values, not on the order samples arrived in.
        double sum = 0;
        foreach (float x in sorted)
        {
            sum += x;
        }

        double mean = sorted.IsEmpty ? double.NaN : sum / sorted.Length, squares = 0;
        foreach (float x in sorted)
        {
            squares += (x - mean) * (x - mean);
        }

        results[at + ((int)ClimateStatistic.Mean * stride)] = (float)mean;
        results[at + ((int)ClimateStatistic.Std * stride)] = sorted.IsEmpty ? float.NaN : (float)Math.Sqrt(squares / sorted.Length);
    }

    private static string UnitsOf(VariableId variable) =>
        VariableCatalog.Default.TryResolve(variable.Name, out VariableAlias? alias) ? alias.Variable.Units : "1";

    /// <summary>The samples ordered by (hour slot, day of year, time) and the members of each hour × window slot.</summary>
    private sealed class Plan
    {
        private readonly int _windowDays;

        public Plan(GridSpec grid, IReadOnlyList<VariableId> variables, int[] hours, int[] centres, int windowDays, IReadOnlyList<ClimateSample> samples)
        {
            Grid = grid;
            Variables = variables;
            Hours = hours;
            Centres = centres;
            _windowDays = windowDays;
            Sorted = [.. samples.OrderBy(HourIndex).ThenBy(x => ClimateCalendar.DayOfYear(x.ValidTime)).ThenBy(x => x.ValidTime).ThenBy(x => x.Cycle)];
            Position = [];
            for (int i = 0; i < Sorted.Length; i++)
            {
                Position[Sorted[i]] = i;
            }

            var members = Enumerable.Range(0, Slots).Select(_ => new List<int>()).ToArray();
            for (int i = 0; i < Sorted.Length; i++)
            {
                foreach (int slot in SlotsOf(Sorted[i]))
                {
                    members[slot].Add(i);
                }
            }

            Members = [.. members.Select(m => m.ToArray())];
            Counts = [.. Members.Select(m => m.Length)];
        }

        public GridSpec Grid { get; }

        public IReadOnlyList<VariableId> Variables { get; }

        public int[] Hours { get; }

        public int[] Centres { get; }

        public ClimateSample[] Sorted { get; }

        public Dictionary<ClimateSample, int> Position { get; }

        public int[][] Members { get; }

        public int[] Counts { get; }

        public int Slots => Math.Max(1, Hours.Length) * Centres.Length;

        public int HourIndex(ClimateSample sample) => Hours.Length == 0 ? 0 : Array.IndexOf(Hours, sample.ValidTime.Hour);

        public IEnumerable<int> SlotsOf(ClimateSample sample)
        {
            int h = HourIndex(sample), day = ClimateCalendar.DayOfYear(sample.ValidTime);
            for (int w = 0; w < Centres.Length; w++)
            {
                if (ClimateCalendar.Distance(Centres[w], day) <= _windowDays)
                {
                    yield return (h * Centres.Length) + w;
                }
            }
        }
    }
}
