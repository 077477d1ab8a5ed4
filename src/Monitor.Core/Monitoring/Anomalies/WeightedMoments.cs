namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// Running weighted mean and co-moment matrix of a d-dimensional sample, updated one observation at a time: West's
/// (1979) weighted form of Welford's (1962) algorithm — W' = W + w, δ = x − μ, μ' = μ + (w / W') δ,
/// C' = C + w δ (x − μ')ᵀ — numerically stable where the two-sums formula cancels. The covariance is C / W.
/// </summary>
public sealed class WeightedMoments
{
    private readonly double[] _mean;
    private readonly double[] _comoment;

    /// <summary>Empty moments of <paramref name="dimension"/> features.</summary>
    public WeightedMoments(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        _mean = new double[dimension];
        _comoment = new double[dimension * dimension];
    }

    /// <summary>Moments as stored: <paramref name="count"/> observations of total weight <paramref name="weight"/>.</summary>
    /// <exception cref="ArgumentException">The arrays do not have d and d² values, or the counts are negative.</exception>
    public WeightedMoments(int count, double weight, double[] mean, double[] comoment)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(comoment);
        if (mean.Length == 0 || comoment.Length != mean.Length * mean.Length)
        {
            throw new ArgumentException($"{mean.Length} means and {comoment.Length} co-moments do not make a d-dimensional sample.");
        }

        if (count < 0 || !(weight >= 0) || (count == 0) != (weight == 0))
        {
            throw new ArgumentException($"count {count} and weight {weight} do not describe a sample.");
        }

        Dimension = mean.Length;
        Count = count;
        Weight = weight;
        _mean = mean;
        _comoment = comoment;
    }

    /// <summary>Number of features d.</summary>
    public int Dimension { get; }

    /// <summary>Observations added.</summary>
    public int Count { get; private set; }

    /// <summary>Their total weight W (equals <see cref="Count"/> when every weight was 1).</summary>
    public double Weight { get; private set; }

    /// <summary>The weighted mean μ (d values; zeros while empty).</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The co-moment matrix C = Σ wᵢ (xᵢ − μ)(xᵢ − μ)ᵀ, row-major d × d.</summary>
    public ReadOnlySpan<double> Comoment => _comoment;

    /// <summary>The weighted covariance C / W (population form), row-major d × d; zeros while empty.</summary>
    public double[] Covariance()
    {
        var covariance = new double[_comoment.Length];
        if (Weight > 0)
        {
            for (int i = 0; i < covariance.Length; i++)
            {
                covariance[i] = _comoment[i] / Weight;
            }
        }

        return covariance;
    }

    /// <summary>Adds <paramref name="x"/> with weight <paramref name="weight"/> (0 &lt; w ≤ 1 for down-weighted outliers).</summary>
    /// <exception cref="ArgumentException">x has another dimension or a non-finite value, or the weight is not positive.</exception>
    public void Add(ReadOnlySpan<double> x, double weight = 1)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"{x.Length} features where the moments have {Dimension}.", nameof(x));
        }

        if (!(weight > 0) || double.IsInfinity(weight))
        {
            throw new ArgumentException($"weight {weight} is not a positive number.", nameof(weight));
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"feature {i} is {x[i]}.", nameof(x));
            }
        }

        double total = Weight + weight;
        Span<double> delta = Dimension <= 256 ? stackalloc double[Dimension] : new double[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            delta[i] = x[i] - _mean[i];
            _mean[i] += weight / total * delta[i];
        }

        for (int i = 0; i < Dimension; i++)
        {
            double scaled = weight * delta[i];
            int row = i * Dimension;
            for (int j = 0; j < Dimension; j++)
            {
                _comoment[row + j] += scaled * (x[j] - _mean[j]);
            }
        }

        Weight = total;
        Count++;
    }
}
