using Monitor.Core.Grids;
using Monitor.Core.Numerics;

namespace Monitor.Core.Regimes;

/// <summary>
/// A fitted regime model (see docs/regimes.md): climatology, EOFs, k-means centroids in EOF space, regime patterns and
/// the statistics that standardise each regime's projection index. Places any field of the domain in it.
/// </summary>
public sealed class RegimeModel
{
    private readonly double[] _eofWeights;    // √cos φ per cell (EOF space)
    private readonly double[] _areaWeights;   // cos φ / Σ cos φ per cell (projection index)

    /// <summary>Assembles a model from its parts (as <see cref="RegimeFitter"/> or RegimeModelStore make them).</summary>
    public RegimeModel(RegimeModelInfo info, GridSpec grid, HarmonicClimatology climatology, EofResult eofs,
        double[][] centroids, double[][] patterns, double[] indexMean, double[] indexStd)
    {
        Info = info ?? throw new ArgumentNullException(nameof(info));
        Grid = grid ?? throw new ArgumentNullException(nameof(grid));
        Climatology = climatology ?? throw new ArgumentNullException(nameof(climatology));
        Eofs = eofs ?? throw new ArgumentNullException(nameof(eofs));
        Centroids = centroids ?? throw new ArgumentNullException(nameof(centroids));
        Patterns = patterns ?? throw new ArgumentNullException(nameof(patterns));
        IndexMean = indexMean ?? throw new ArgumentNullException(nameof(indexMean));
        IndexStd = indexStd ?? throw new ArgumentNullException(nameof(indexStd));
        int cells = grid.CellCount, k = info.RegimeIds.Count;
        if (climatology.CellCount != cells || eofs.Patterns.Any(e => e.Length != cells) || patterns.Any(p => p.Length != cells) ||
            patterns.Length != k || centroids.Length != k || centroids.Any(c => c.Length != eofs.Modes) ||
            indexMean.Length != k || indexStd.Length != k || info.RegimeNames.Count != k)
        {
            throw new ArgumentException($"Regime model parts disagree: grid {grid.LatitudeCount}×{grid.LongitudeCount} cells, {k} regimes, {eofs.Modes} EOFs.");
        }

        _eofWeights = EofWeights(grid);
        _areaWeights = AreaWeights(grid);
    }

    /// <summary>Metadata: variable, domain, options, fit period, regime ids and names.</summary>
    public RegimeModelInfo Info { get; }

    /// <summary>The domain's sub-grid all fields of the model live on.</summary>
    public GridSpec Grid { get; }

    /// <summary>Smoothed day-of-year climatology (field units).</summary>
    public HarmonicClimatology Climatology { get; }

    /// <summary>EOFs of the √cos φ-weighted anomalies.</summary>
    public EofResult Eofs { get; }

    /// <summary>k-means centroids in EOF space <c>[regime][mode]</c>.</summary>
    public double[][] Centroids { get; }

    /// <summary>Regime patterns: composite (mean) anomaly of each regime's cluster <c>[regime][cell]</c> (field units).</summary>
    public double[][] Patterns { get; }

    /// <summary>Climatological mean of each regime's raw projection (field units).</summary>
    public double[] IndexMean { get; }

    /// <summary>Climatological standard deviation of each regime's raw projection (field units).</summary>
    public double[] IndexStd { get; }

    /// <summary>Number of regimes.</summary>
    public int RegimeCount => Patterns.Length;

    /// <summary>The anomaly of a domain field <c>[lat, lon]</c> valid at <paramref name="time"/> against the climatology (field units).</summary>
    public double[] Anomaly(DateTime time, ReadOnlySpan<float> field)
    {
        if (field.Length != Grid.CellCount)
        {
            throw new ArgumentException($"The field has {field.Length} cells, the model's domain {Grid.CellCount}.", nameof(field));
        }

        var anomaly = new double[field.Length];
        Climatology.Evaluate(time, anomaly);
        for (int i = 0; i < anomaly.Length; i++)
        {
            anomaly[i] = field[i] - anomaly[i];
        }

        return anomaly;
    }

    /// <summary>Position of an anomaly in EOF space: the projection of the √cos φ-weighted anomaly on each EOF.</summary>
    public double[] Pcs(ReadOnlySpan<double> anomaly)
    {
        var weighted = new double[anomaly.Length];
        for (int i = 0; i < weighted.Length; i++)
        {
            weighted[i] = anomaly[i] * _eofWeights[i];
        }

        return Eofs.Project(weighted);
    }

    /// <summary>
    /// The raw projection of an anomaly on each regime pattern, area-weighted (Michel and Rivière 2011; Grams et al.
    /// 2017): <c>P_r = Σ cos φ · a · pattern_r / Σ cos φ</c> (field units²).
    /// </summary>
    public double[] Projections(ReadOnlySpan<double> anomaly)
    {
        var projections = new double[RegimeCount];
        for (int r = 0; r < projections.Length; r++)
        {
            double[] pattern = Patterns[r];
            double sum = 0;
            for (int i = 0; i < anomaly.Length; i++)
            {
                sum += _areaWeights[i] * anomaly[i] * pattern[i];
            }

            projections[r] = sum;
        }

        return projections;
    }

    /// <summary>The standardised projection index <c>I_r = (P_r − mean_r) / std_r</c> of an anomaly.</summary>
    public double[] Indices(ReadOnlySpan<double> anomaly)
    {
        double[] p = Projections(anomaly);
        for (int r = 0; r < p.Length; r++)
        {
            p[r] = (p[r] - IndexMean[r]) / IndexStd[r];
        }

        return p;
    }

    /// <summary>Places a domain field valid at <paramref name="time"/>: EOF position, indices, nearest centroid, leading regime.</summary>
    public RegimeState Evaluate(DateTime time, ReadOnlySpan<float> field) => Place(time, Anomaly(time, field));

    /// <summary>Places an anomaly (field units, domain cells).</summary>
    public RegimeState Place(DateTime time, ReadOnlySpan<double> anomaly)
    {
        double[] pcs = Pcs(anomaly);
        double[] indices = Indices(anomaly);
        int cluster = KMeans.Nearest(Centroids, pcs, out _);
        int leading = 0;
        for (int r = 1; r < indices.Length; r++)
        {
            if (indices[r] > indices[leading])
            {
                leading = r;
            }
        }

        return new RegimeState(time, pcs, indices, cluster, indices[leading] >= Info.Persistence.Threshold ? leading : -1);
    }

    /// <summary>√cos φ per cell of <paramref name="grid"/> (the EOF weighting that makes covariances area-weighted).</summary>
    public static double[] EofWeights(GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return [.. Enumerable.Range(0, grid.CellCount).Select(i => Math.Sqrt(CosLatitude(grid, i)))];
    }

    private static double[] AreaWeights(GridSpec grid)
    {
        double[] w = [.. Enumerable.Range(0, grid.CellCount).Select(i => CosLatitude(grid, i))];
        double total = w.Sum();
        return [.. w.Select(x => x / total)];
    }

    private static double CosLatitude(GridSpec grid, int cell) =>
        Math.Max(0, Math.Cos(grid.Latitude(cell / grid.LongitudeCount) * Math.PI / 180));
}
