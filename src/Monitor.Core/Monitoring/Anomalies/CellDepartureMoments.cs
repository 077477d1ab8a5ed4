namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// Per grid cell and slot (lead slot × valid hour × season of a <see cref="RelevanceClimatology"/>): how many values,
/// their mean and their sum of squared deviations, updated one field at a time by Welford's (1962) recurrence — the
/// running climatology of a model's unexplained departure, from which a region's departure is judged against what is
/// usual for that model at that place (docs/alerts.md, "Unexplained extremes"). A slot's arrays exist from its first
/// field on; a NaN value is not counted. Optionally robust: once a cell has a minimum history, a value beyond c of the
/// cell's standard deviations from its mean is added as if it lay at c (winsorised; <see cref="Winsorising"/>), so that
/// the extremes the statistics should flag do not widen what counts as usual. Not thread-safe.
/// </summary>
public sealed class CellDepartureMoments
{
    private readonly int[]?[] _counts;
    private readonly double[]?[] _means;
    private readonly double[]?[] _squares;

    /// <summary>Empty statistics for <paramref name="slots"/> slots of <paramref name="cells"/> cells.</summary>
    public CellDepartureMoments(int slots, int cells)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cells);
        (SlotCount, CellCount) = (slots, cells);
        _counts = new int[]?[slots];
        _means = new double[]?[slots];
        _squares = new double[]?[slots];
    }

    /// <summary>Slots.</summary>
    public int SlotCount { get; }

    /// <summary>Cells per slot.</summary>
    public int CellCount { get; }

    /// <summary>Whether any value has been added to <paramref name="slot"/>.</summary>
    public bool Has(int slot) => _counts[slot] is not null;

    /// <summary>The slot's per-cell counts, means and sums of squared deviations; null before its first field.</summary>
    public (int[] Counts, double[] Means, double[] Squares)? Slot(int slot) =>
        _counts[slot] is { } counts ? (counts, _means[slot]!, _squares[slot]!) : null;

    /// <summary>Sets a slot as stored (the arrays are kept, not copied).</summary>
    /// <exception cref="ArgumentException">An array is not one value per cell, or a count is negative.</exception>
    public void Restore(int slot, int[] counts, double[] means, double[] squares)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(squares);
        if (counts.Length != CellCount || means.Length != CellCount || squares.Length != CellCount || counts.Any(c => c < 0))
        {
            throw new ArgumentException($"A slot holds {CellCount} cells of counts ≥ 0, means and squares; got {counts.Length}, {means.Length}, {squares.Length}.");
        }

        (_counts[slot], _means[slot], _squares[slot]) = (counts, means, squares);
    }

    /// <summary>
    /// Adds one field (one value per cell, NaN where unknown) to <paramref name="slot"/>; with <paramref name="winsorising"/>,
    /// a cell that already has <see cref="Winsorising.FromCount"/> values takes a value beyond
    /// <see cref="Winsorising.Cutoff"/> of its sample standard deviations from its mean as mean ± cutoff × deviation.
    /// </summary>
    public void Add(int slot, ReadOnlySpan<float> values, Winsorising? winsorising = null)
    {
        if (values.Length != CellCount)
        {
            throw new ArgumentException($"A field of {values.Length} values where the grid has {CellCount} cells.", nameof(values));
        }

        int[] counts = _counts[slot] ??= new int[CellCount];
        double[] means = _means[slot] ??= new double[CellCount];
        double[] squares = _squares[slot] ??= new double[CellCount];
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (!double.IsFinite(x))
            {
                continue;
            }

            if (winsorising is { } cut && counts[i] >= Math.Max(2, cut.FromCount))
            {
                // The bound is the cell's own spread so far: a value beyond it counts as lying at it.
                double bound = cut.Cutoff * Math.Sqrt(squares[i] / (counts[i] - 1));
                x = Math.Clamp(x, means[i] - bound, means[i] + bound);
            }

            int n = ++counts[i];
            double delta = x - means[i];
            means[i] += delta / n;
            squares[i] += delta * (x - means[i]);
        }
    }

    /// <summary>
    /// A field standardised against <paramref name="slot"/>, cell by cell: (value − the cell's mean) / its sample standard
    /// deviation; NaN where the value is not finite, the cell has fewer than <paramref name="minimumHistory"/> values (at
    /// least 2) or no spread.
    /// </summary>
    public float[] Standardise(int slot, ReadOnlySpan<float> values, int minimumHistory)
    {
        if (values.Length != CellCount)
        {
            throw new ArgumentException($"A field of {values.Length} values where the grid has {CellCount} cells.", nameof(values));
        }

        var standardised = new float[CellCount];
        Array.Fill(standardised, float.NaN);
        if (_counts[slot] is not { } counts)
        {
            return standardised;
        }

        double[] means = _means[slot]!, squares = _squares[slot]!;
        int minimum = Math.Max(2, minimumHistory);
        for (int i = 0; i < CellCount; i++)
        {
            double spread = counts[i] >= minimum ? Math.Sqrt(squares[i] / (counts[i] - 1)) : 0;
            if (spread > 0 && float.IsFinite(values[i]))
            {
                standardised[i] = (float)((values[i] - means[i]) / spread);
            }
        }

        return standardised;
    }

    /// <summary>
    /// Over the cells of <paramref name="mask"/> in <paramref name="slot"/>: the mean of the cells' means, the mean of their
    /// sample standard deviations and the smallest count; null when a cell has fewer than <paramref name="minimumHistory"/>
    /// values (at least 2) or the mask is empty.
    /// </summary>
    public RegionDepartureStatistics? Region(int slot, bool[] mask, int minimumHistory)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != CellCount)
        {
            throw new ArgumentException($"A mask of {mask.Length} cells where the grid has {CellCount}.", nameof(mask));
        }

        if (_counts[slot] is not { } counts)
        {
            return null;
        }

        double[] means = _means[slot]!, squares = _squares[slot]!;
        double meanSum = 0, spreadSum = 0;
        int cells = 0, fewest = int.MaxValue, minimum = Math.Max(2, minimumHistory);
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            if (counts[i] < minimum)
            {
                return null;
            }

            meanSum += means[i];
            spreadSum += Math.Sqrt(squares[i] / (counts[i] - 1));
            fewest = Math.Min(fewest, counts[i]);
            cells++;
        }

        return cells == 0 ? null : new RegionDepartureStatistics(meanSum / cells, spreadSum / cells, fewest);
    }
}
