namespace Monitor.Core.Regimes;

/// <summary>
/// The regime life-cycle rule of Grams et al. (Nature Climate Change 2017, Methods), after Michel and Rivière (J. Atmos.
/// Sci. 2011): a regime is active during a run of consecutive states whose standardised projection index stays
/// ≥ <see cref="Threshold"/> for at least <see cref="MinimumDays"/>, provided its index is the largest of all regimes at
/// least once during the run. A state in the active runs of several regimes takes the one with the largest index;
/// a state in none is "no regime" (−1).
/// </summary>
/// <param name="Threshold">Index threshold (standard deviations); default 1.0.</param>
/// <param name="MinimumDays">Minimum duration of a run (days); default 5. A run of N states at step Δt lasts N·Δt.</param>
public sealed record RegimePersistence(double Threshold = 1.0, double MinimumDays = 5.0)
{
    /// <summary>Label of "no regime" in <see cref="Assign"/>'s result.</summary>
    public const int NoRegime = -1;

    /// <summary>
    /// Labels each state: the regime index 0 … k−1, or <see cref="NoRegime"/>. <paramref name="indices"/> is
    /// <c>[state][regime]</c> at increasing <paramref name="times"/>; a gap longer than 1.5 × the median step ends a run.
    /// </summary>
    public int[] Assign(IReadOnlyList<DateTime> times, IReadOnlyList<double[]> indices)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(indices);
        int n = times.Count;
        var labels = new int[n];
        Array.Fill(labels, NoRegime);
        if (n == 0)
        {
            return labels;
        }

        int k = indices[0].Length;
        TimeSpan step = MedianStep(times);
        var active = new bool[n, k];
        for (int r = 0; r < k; r++)
        {
            int start = 0;
            while (start < n)
            {
                if (indices[start][r] < Threshold)
                {
                    start++;
                    continue;
                }

                int end = start;
                while (end + 1 < n && indices[end + 1][r] >= Threshold && times[end + 1] - times[end] <= step * 1.5)
                {
                    end++;
                }

                double days = (times[end] - times[start] + step).TotalDays;
                bool largestOnce = false;
                for (int s = start; s <= end && !largestOnce; s++)
                {
                    largestOnce = ArgMax(indices[s]) == r;
                }

                if (days >= MinimumDays - 1e-9 && largestOnce)
                {
                    for (int s = start; s <= end; s++)
                    {
                        active[s, r] = true;
                    }
                }

                start = end + 1;
            }
        }

        for (int s = 0; s < n; s++)
        {
            for (int r = 0; r < k; r++)
            {
                if (active[s, r] && (labels[s] == NoRegime || indices[s][r] > indices[s][labels[s]]))
                {
                    labels[s] = r;
                }
            }
        }

        return labels;
    }

    /// <summary>The median spacing of <paramref name="times"/> (6 h for a 6-hourly archive; 1 day for a single state).</summary>
    public static TimeSpan MedianStep(IReadOnlyList<DateTime> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Count < 2)
        {
            return TimeSpan.FromDays(1);
        }

        TimeSpan[] steps = [.. Enumerable.Range(1, times.Count - 1).Select(i => times[i] - times[i - 1]).Order()];
        return steps[steps.Length / 2];
    }

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
