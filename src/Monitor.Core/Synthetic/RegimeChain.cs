using Monitor.Core.Numerics;

namespace Monitor.Core.Synthetic;

/// <summary>
/// The regime sequence: a first-order Markov chain on 6-hourly steps with a mean persistence of
/// <see cref="MeanPersistenceDays"/>; on leaving a regime, the next is drawn from <see cref="Transitions"/>. Regime
/// weights follow the label with an e-folding time of <see cref="RelaxationHours"/>, so patterns grow and decay
/// smoothly instead of switching.
/// </summary>
public sealed class RegimeChain
{
    /// <summary>Step of the chain (h).</summary>
    public const int StepHours = 6;

    /// <summary>Mean time spent in a regime (days): stay probability per step = 1 − 6 h / persistence.</summary>
    public const double MeanPersistenceDays = 7.0;

    /// <summary>e-folding time of the regime weights towards the active label (h).</summary>
    public const double RelaxationHours = 24.0;

    /// <summary>
    /// Probabilities of the next regime when one is left (rows: from, columns: to; the diagonal is 0), loosely after
    /// the preferred transitions between Euro-Atlantic regimes (ridge → blocking, trough → zonal …).
    /// </summary>
    public static readonly double[,] Transitions =
    {
        //          Zonal  Block  Ridge  Trough
        /* Zonal */ { 0.00, 0.30, 0.40, 0.30 },
        /* Block */ { 0.40, 0.00, 0.25, 0.35 },
        /* Ridge */ { 0.30, 0.50, 0.00, 0.20 },
        /* Trough*/ { 0.55, 0.20, 0.25, 0.00 },
    };

    private readonly Regime[] _labels;
    private readonly float[][] _weights;

    private RegimeChain(DateTime start, Regime[] labels, float[][] weights)
    {
        Start = start;
        _labels = labels;
        _weights = weights;
    }

    /// <summary>First time of the chain (UTC).</summary>
    public DateTime Start { get; }

    /// <summary>Last time of the chain (UTC).</summary>
    public DateTime End => Start.AddHours((_labels.Length - 1) * StepHours);

    /// <summary>Number of regimes.</summary>
    public static int RegimeCount => Enum.GetValues<Regime>().Length;

    /// <summary>Runs the chain from <paramref name="start"/> to <paramref name="end"/> (UTC, inclusive), seeded.</summary>
    public static RegimeChain Generate(DateTime start, DateTime end, long seed)
    {
        int steps = (int)Math.Ceiling((end - start).TotalHours / StepHours) + 1;
        var labels = new Regime[steps];
        var weights = new float[steps][];
        SplitMix64 random = SplitMix64.For(seed, 0x5245474D);   // "REGM"
        double stay = 1.0 - (StepHours / (MeanPersistenceDays * 24.0));
        double relax = 1.0 - Math.Exp(-StepHours / RelaxationHours);
        var current = (Regime)(int)(random.NextDouble() * RegimeCount);
        var w = new double[RegimeCount];
        w[(int)current] = 1.0;
        for (int s = 0; s < steps; s++)
        {
            if (s > 0 && random.NextDouble() >= stay)
            {
                current = Next(current, random.NextDouble());
            }

            labels[s] = current;
            for (int r = 0; r < RegimeCount; r++)
            {
                w[r] += ((r == (int)current ? 1.0 : 0.0) - w[r]) * (s == 0 ? 0.0 : relax);
            }

            weights[s] = w.Select(x => (float)x).ToArray();
        }

        return new RegimeChain(start, labels, weights);
    }

    /// <summary>The active regime at a time (the step at or before it).</summary>
    public Regime LabelAt(DateTime time) => _labels[Index(time)];

    /// <summary>Pattern weights (0–1, one per regime) at a time, linearly interpolated between steps.</summary>
    public void WeightsAt(DateTime time, Span<double> weights)
    {
        double position = Math.Clamp((time - Start).TotalHours / StepHours, 0, _labels.Length - 1);
        int i = (int)Math.Floor(position);
        int j = Math.Min(i + 1, _labels.Length - 1);
        double f = position - i;
        for (int r = 0; r < RegimeCount; r++)
        {
            weights[r] = (_weights[i][r] * (1 - f)) + (_weights[j][r] * f);
        }
    }

    /// <summary>How long the regime active at <paramref name="time"/> has been active (h).</summary>
    public double HoursActive(DateTime time)
    {
        int i = Index(time), k = i;
        while (k > 0 && _labels[k - 1] == _labels[i])
        {
            k--;
        }

        return (i - k) * StepHours;
    }

    /// <summary>Every step of the chain: (time, label, weights).</summary>
    public IEnumerable<(DateTime Time, Regime Label, IReadOnlyList<float> Weights)> Steps() =>
        _labels.Select((label, i) => (Start.AddHours(i * StepHours), label, (IReadOnlyList<float>)_weights[i]));

    private int Index(DateTime time) =>
        Math.Clamp((int)Math.Floor((time - Start).TotalHours / StepHours), 0, _labels.Length - 1);

    private static Regime Next(Regime from, double u)
    {
        double cumulative = 0;
        for (int r = 0; r < RegimeCount; r++)
        {
            cumulative += Transitions[(int)from, r];
            if (u < cumulative)
            {
                return (Regime)r;
            }
        }

        return from == Regime.Zonal ? Regime.AtlanticTrough : Regime.Zonal;
    }
}
