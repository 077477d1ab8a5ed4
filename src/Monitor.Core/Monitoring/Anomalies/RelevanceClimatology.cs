using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// Running statistics of reference-relative relevance compositions (<see cref="RelevanceFeatures"/>) per location, lead
/// slot, valid hour and season, and the anomaly score of a new explanation against its slot (docs/alerts.md); beside
/// them, per grid cell, lead slot, hour and season, the running statistics of the model's unexplained departure
/// (<see cref="Departures"/>). Not thread-safe: one cycle updates it at a time.
/// </summary>
public sealed class RelevanceClimatology
{
    private readonly WeightedMoments?[] _slots;
    private readonly List<CycleId> _cycles;

    /// <summary>An empty climatology.</summary>
    public RelevanceClimatology(RelevanceClimatologyInfo info, RelevanceClimatologyOptions options)
        : this(info, options, new WeightedMoments?[info?.SlotCount ?? 0], [])
    {
    }

    /// <summary>
    /// A climatology as stored: one moments object (or null) per slot, the cycles included, oldest first, and the per-cell
    /// unexplained departures (empty when null: a file written before they were kept).
    /// </summary>
    /// <exception cref="ArgumentException">The slots or the departures do not match the description.</exception>
    public RelevanceClimatology(RelevanceClimatologyInfo info, RelevanceClimatologyOptions options, WeightedMoments?[] slots, IEnumerable<CycleId> cycles,
        CellDepartureMoments? departures = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(cycles);
        Info = info.Validate();
        Options = options.Validate();
        FeatureNames = RelevanceFeatures.Names(info.Inputs);
        if (slots.Length != info.SlotCount || slots.Any(s => s is not null && s.Dimension != FeatureNames.Count))
        {
            throw new ArgumentException($"{slots.Length} slots of statistics where the description has {info.SlotCount} of {FeatureNames.Count} features.");
        }

        _slots = slots;
        _cycles = [.. cycles];
        int cellSlots = info.LeadSlots.Count * info.Hours.Count * MeteorologicalSeason.Names.Count;
        Departures = departures ?? new CellDepartureMoments(cellSlots, info.Locations.Grid.CellCount);
        if (Departures.SlotCount != cellSlots || Departures.CellCount != info.Locations.Grid.CellCount)
        {
            throw new ArgumentException($"Unexplained departures of {Departures.SlotCount} slots × {Departures.CellCount} cells where the description has {cellSlots} × {info.Locations.Grid.CellCount}.");
        }
    }

    /// <summary>What the climatology describes.</summary>
    public RelevanceClimatologyInfo Info { get; }

    /// <summary>How it scores and updates.</summary>
    public RelevanceClimatologyOptions Options { get; }

    /// <summary>The features, <see cref="RelevanceFeatures.Names"/> of the inputs.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The cycles whose explanations were added, in the order they were added.</summary>
    public IReadOnlyList<CycleId> Cycles => _cycles;

    /// <summary>Whether <paramref name="cycle"/>'s explanations were added (a resumed build or a re-run cycle skips it).</summary>
    public bool Includes(CycleId cycle) => _cycles.Contains(cycle);

    /// <summary>Records that <paramref name="cycle"/>'s explanations are in.</summary>
    public void MarkIncluded(CycleId cycle)
    {
        if (!_cycles.Contains(cycle))
        {
            _cycles.Add(cycle);
        }
    }

    /// <summary>The slot of a location, lead and valid time, or −1 when the climatology has none for that lead or hour.</summary>
    public int Slot(int location, int leadHours, DateTime validTime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(location);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(location, Info.Locations.Count);
        int lead = Info.LeadSlot(leadHours), hour = Info.HourSlot(validTime);
        return lead < 0 || hour < 0
            ? -1
            : (((((location * Info.LeadSlots.Count) + lead) * Info.Hours.Count) + hour) * MeteorologicalSeason.Names.Count) + MeteorologicalSeason.Of(validTime);
    }

    /// <summary>
    /// Per cell, lead slot, valid hour and season: the model's unexplained departure, (forecast − climatological mean) −
    /// (prediction − prediction for the climatological inputs) of the target, every cell of every cycle added.
    /// </summary>
    public CellDepartureMoments Departures { get; }

    /// <summary>The slot of <see cref="Departures"/> for a lead and valid time, or −1 when the climatology has none for that lead or hour.</summary>
    public int DepartureSlot(int leadHours, DateTime validTime)
    {
        int lead = Info.LeadSlot(leadHours), hour = Info.HourSlot(validTime);
        return lead < 0 || hour < 0 ? -1 : (((lead * Info.Hours.Count) + hour) * MeteorologicalSeason.Names.Count) + MeteorologicalSeason.Of(validTime);
    }

    /// <summary>
    /// Adds a lead's unexplained departure field (NaN where unknown), robustly as the composition statistics are: with
    /// <see cref="RelevanceClimatologyOptions.RobustB1"/> set, a cell with its minimum history takes a value no further
    /// than 1 + b₁/√2 of its standard deviations from its mean (<see cref="Winsorising.Campbell"/>); false when the
    /// climatology has no slot for it.
    /// </summary>
    public bool AddDeparture(int leadHours, DateTime validTime, ReadOnlySpan<float> departure)
    {
        int slot = DepartureSlot(leadHours, validTime);
        if (slot < 0)
        {
            return false;
        }

        Departures.Add(slot, departure, Options.RobustB1 is double b1 ? Winsorising.Campbell(Options.MinimumHistory, b1) : null);
        return true;
    }

    /// <summary>
    /// The usual unexplained departure over the cells of <paramref name="mask"/> at a lead and valid time; null without a
    /// slot, or while a cell has fewer than <see cref="RelevanceClimatologyOptions.MinimumHistory"/> values.
    /// </summary>
    public RegionDepartureStatistics? UsualDeparture(int leadHours, DateTime validTime, bool[] mask)
    {
        int slot = DepartureSlot(leadHours, validTime);
        return slot < 0 ? null : Departures.Region(slot, mask, Options.MinimumHistory);
    }

    /// <summary>
    /// A lead's unexplained departure field in its usual standard deviations, cell by cell ((departure − the cell's usual
    /// mean) / its usual spread at that lead, hour and season); NaN where a cell has fewer than
    /// <see cref="RelevanceClimatologyOptions.MinimumHistory"/> values; null without a slot for the lead or hour.
    /// </summary>
    public float[]? StandardisedDeparture(int leadHours, DateTime validTime, ReadOnlySpan<float> departure)
    {
        int slot = DepartureSlot(leadHours, validTime);
        return slot < 0 ? null : Departures.Standardise(slot, departure, Options.MinimumHistory);
    }

    /// <summary>
    /// The unexplained departure of one lead, per cell: (forecast − climatological mean) − (prediction − reference
    /// prediction), all in the target's units; NaN where a term is.
    /// </summary>
    public static float[] Departure(ReadOnlySpan<float> forecast, ReadOnlySpan<float> climatologicalMean, ReadOnlySpan<float> prediction, ReadOnlySpan<float> referencePrediction)
    {
        if (climatologicalMean.Length != forecast.Length || prediction.Length != forecast.Length || referencePrediction.Length != forecast.Length)
        {
            throw new ArgumentException($"Fields of {forecast.Length}, {climatologicalMean.Length}, {prediction.Length} and {referencePrediction.Length} cells.");
        }

        var departure = new float[forecast.Length];
        for (int i = 0; i < departure.Length; i++)
        {
            departure[i] = (forecast[i] - climatologicalMean[i]) - (prediction[i] - referencePrediction[i]);
        }

        return departure;
    }

    /// <summary>The statistics of <paramref name="slot"/>, or null before its first explanation.</summary>
    public WeightedMoments? Moments(int slot) => _slots[slot];

    /// <summary>Where an explained region is compared: its watch region, or the bin of an extreme's centroid; −1 for anything else.</summary>
    public int LocationOf(ExplainedRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.Source switch
        {
            RegionSource.Watch => Info.Locations.WatchLocation(region.RegionId),
            RegionSource.Extreme => Info.Locations.BinOf(region.CentroidLatitude, region.CentroidLongitude),
            _ => -1,
        };
    }

    /// <summary>
    /// The anomaly of an explained extreme or watch region against its slot; null for a disagreement area, a watch region
    /// the climatology does not know, a lead or hour it has no slot for, a slot with less than the minimum history, or
    /// an explanation whose inputs got no relevance. A watch region is compared on every feature with the explanations
    /// of itself; an extreme region without the footprint features, because its bin's footprint statistics describe
    /// boxes of the bin's size, while where an extreme's relevance lies relative to its centroid depends on the
    /// extreme's own size and shape (docs/alerts.md, "Anomaly score").
    /// </summary>
    public RelevanceAnomaly? Score(ExplainedRegion region)
    {
        int location = LocationOf(region);
        if (location < 0)
        {
            return null;
        }

        double[]? features = RelevanceFeatures.Of(region, Info.Inputs);
        return features is null ? null : Score(location, region.LeadHours, region.ValidTime, features, withFootprint: region.Source == RegionSource.Watch);
    }

    /// <summary>
    /// The anomaly of <paramref name="features"/> at a location, lead and valid time; null as in
    /// <see cref="Score(ExplainedRegion)"/>. Without the footprint, D is taken over the other features alone — the
    /// marginal of the slot's regularised distribution (its sub-vector and sub-covariance).
    /// </summary>
    public RelevanceAnomaly? Score(int location, int leadHours, DateTime validTime, ReadOnlySpan<double> features, bool withFootprint = true)
    {
        int slot = Slot(location, leadHours, validTime);
        if (slot < 0 || _slots[slot] is not { } moments || moments.Count < Options.MinimumHistory)
        {
            return null;
        }

        int all = FeatureNames.Count, inputs = Info.Inputs.Count;
        int[] used = [.. Enumerable.Range(0, all).Where(i => withFootprint || !RelevanceFeatures.IsFootprint(i, inputs))];
        int d = used.Length;
        double[] full = Regularised(moments);
        var covariance = new double[d * d];
        var mean = new double[d];
        var x = new double[d];
        for (int i = 0; i < d; i++)
        {
            mean[i] = moments.Mean[used[i]];
            x[i] = features[used[i]];
            for (int j = 0; j < d; j++)
            {
                covariance[(i * d) + j] = full[(used[i] * all) + used[j]];
            }
        }

        double distance = Math.Sqrt(SquaredDistance(covariance, mean, x));
        int largest = 0;
        double largestDeparture = -1;
        for (int i = 0; i < d; i++)
        {
            double z = Math.Abs(x[i] - mean[i]) / Math.Sqrt(covariance[(i * d) + i]);
            if (z > largestDeparture)
            {
                (largest, largestDeparture) = (i, z);
            }
        }

        int departing = used[largest];
        return new RelevanceAnomaly(Info.Locations.Name(location), MeteorologicalSeason.Of(validTime), validTime.Hour, moments.Count, distance, d,
            FeatureNames[departing], features[departing], moments.Mean[departing], Math.Sqrt(full[(departing * all) + departing]),
            [.. moments.Mean[..inputs].ToArray()], [.. Enumerable.Range(0, inputs).Select(i => Math.Sqrt(full[(i * all) + i]))]);
    }

    /// <summary>
    /// Adds an explanation's features to its slot, down-weighted as <see cref="RelevanceClimatologyOptions.RobustB1"/>
    /// says once the slot has its minimum history; false when the climatology has no slot for that lead or hour.
    /// </summary>
    public bool Add(int location, int leadHours, DateTime validTime, ReadOnlySpan<double> features)
    {
        int slot = Slot(location, leadHours, validTime);
        if (slot < 0)
        {
            return false;
        }

        WeightedMoments moments = _slots[slot] ??= new WeightedMoments(FeatureNames.Count);
        double weight = 1;
        if (Options.RobustB1 is double b1 && moments.Count >= Options.MinimumHistory)
        {
            double cutoff = Math.Sqrt(FeatureNames.Count) + (b1 / Math.Sqrt(2));
            double distance = Math.Sqrt(SquaredDistance(Regularised(moments), moments.Mean, features));
            weight = distance > cutoff ? cutoff / distance : 1;
        }

        moments.Add(features, weight);
        return true;
    }

    /// <summary>
    /// The slot's covariance shrunk towards its diagonal, Σ = (W S + n₀ diag S) / (W + n₀) with W the slot's weight, and
    /// each variance raised to at least its floor² (row-major d × d, symmetric).
    /// </summary>
    public double[] Regularised(WeightedMoments moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        int d = FeatureNames.Count, inputs = Info.Inputs.Count;
        double[] covariance = moments.Covariance();
        double prior = Options.ShrinkagePrior ?? d;
        double keep = moments.Weight / (moments.Weight + prior);
        var regularised = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                regularised[(i * d) + j] = i == j
                    ? covariance[(i * d) + i]
                    : keep * 0.5 * (covariance[(i * d) + j] + covariance[(j * d) + i]);
            }

            double floor = RelevanceFeatures.IsFootprint(i, inputs) ? Options.DistanceFloorKm : Options.FractionFloor;
            regularised[(i * d) + i] = Math.Max(regularised[(i * d) + i], floor * floor);
        }

        return regularised;
    }

    /// <summary>(x − μ)ᵀ Σ⁻¹ (x − μ) by a Cholesky factorisation of Σ.</summary>
    private static double SquaredDistance(double[] covariance, ReadOnlySpan<double> mean, ReadOnlySpan<double> x)
    {
        int d = mean.Length;
        var factor = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = covariance[(i * d) + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= factor[(i * d) + k] * factor[(j * d) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        throw new InvalidOperationException($"The regularised covariance is not positive definite at feature {i}.");
                    }

                    factor[(i * d) + i] = Math.Sqrt(sum);
                }
                else
                {
                    factor[(i * d) + j] = sum / factor[(j * d) + j];
                }
            }
        }

        // Forward substitution L y = x − μ; the distance is |y|².
        var y = new double[d];
        double squared = 0;
        for (int i = 0; i < d; i++)
        {
            double sum = x[i] - mean[i];
            for (int k = 0; k < i; k++)
            {
                sum -= factor[(i * d) + k] * y[k];
            }

            y[i] = sum / factor[(i * d) + i];
            squared += y[i] * y[i];
        }

        return squared;
    }
}
