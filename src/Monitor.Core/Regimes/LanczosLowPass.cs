namespace Monitor.Core.Regimes;

/// <summary>
/// A Lanczos low-pass filter in time (Duchon, "Lanczos filtering in one and two dimensions", J. Appl. Meteor. 1979):
/// <c>w(τ) = sinc(2τ/T) · sinc(τ/H)</c> for |τ| &lt; H, with the cut-off period T (days), the half-width H = T (days)
/// and sinc(x) = sin(πx)/(πx). Weights are computed from the actual time differences and renormalised to sum to one over
/// the states present, so gaps in the archive and the ends of the series are handled (the ends are filtered
/// one-sidedly, which is less sharp).
/// </summary>
public static class LanczosLowPass
{
    /// <summary>Filters <paramref name="series"/> <c>[state][cell]</c> at sorted <paramref name="times"/> with cut-off <paramref name="cutoffDays"/>.</summary>
    /// <exception cref="ArgumentException">Times not increasing, or a non-positive cut-off.</exception>
    public static double[][] Apply(IReadOnlyList<DateTime> times, IReadOnlyList<double[]> series, double cutoffDays)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(series);
        if (!(cutoffDays > 0) || double.IsInfinity(cutoffDays))
        {
            throw new ArgumentOutOfRangeException(nameof(cutoffDays), cutoffDays, "--lowpass-days must be a positive number of days.");
        }

        for (int i = 1; i < times.Count; i++)
        {
            if (times[i] <= times[i - 1])
            {
                throw new ArgumentException($"Low-pass filter: times must increase, but {times[i]:O} follows {times[i - 1]:O}.");
            }
        }

        int n = times.Count;
        double half = cutoffDays;
        var result = new double[n][];
        Parallel.For(0, n, s =>
        {
            int cells = series[s].Length;
            var sum = new double[cells];
            double total = 0;
            int first = s;
            while (first > 0 && (times[s] - times[first - 1]).TotalDays < half)
            {
                first--;
            }

            for (int j = first; j < n; j++)
            {
                double tau = (times[j] - times[s]).TotalDays;
                if (tau >= half)
                {
                    break;
                }

                double w = Weight(tau, cutoffDays, half);
                total += w;
                double[] x = series[j];
                for (int c = 0; c < cells; c++)
                {
                    sum[c] += w * x[c];
                }
            }

            for (int c = 0; c < cells; c++)
            {
                sum[c] /= total;
            }

            result[s] = sum;
        });
        return result;
    }

    /// <summary>The unnormalised filter weight at lag <paramref name="tauDays"/>.</summary>
    public static double Weight(double tauDays, double cutoffDays, double halfWidthDays) =>
        Math.Abs(tauDays) >= halfWidthDays ? 0 : Sinc(2 * tauDays / cutoffDays) * Sinc(tauDays / halfWidthDays);

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
