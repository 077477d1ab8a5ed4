using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Transfer.Training;

/// <summary>
/// Estimates the standardisation of every variable from training cycles only (never validation data): mean and
/// standard deviation over all cells and leads; precipitation per latitude row, as in Farokhmanesh et al. (AIES 2023).
/// Missing values (NaN) are skipped and counted (<see cref="Standardisation.MissingCount"/>), and so are infinite
/// ones (training then refuses them by name); a cycle whose time step lacks a variable or holds none of its values is
/// skipped (<see cref="CycleArchives.IsMissingData"/>).
/// </summary>
public static class StandardisationEstimator
{
    /// <summary>Variables standardised per latitude row.</summary>
    public static readonly IReadOnlySet<string> LatitudeWise = new HashSet<string>(StringComparer.Ordinal) { "tp" };

    /// <summary>Estimates from <paramref name="cycles"/> (at most <paramref name="maximumCycles"/>, evenly spaced).</summary>
    /// <param name="archive">The archive.</param>
    /// <param name="cycles">The training cycles.</param>
    /// <param name="variables">Variables to standardise (time-dependent and static).</param>
    /// <param name="maximumCycles">Cycles read at most.</param>
    /// <exception cref="ArgumentException">A variable has no valid value in the cycles read (named, with the first cycle skipped).</exception>
    public static IReadOnlyDictionary<string, Standardisation> Estimate(ICycleArchive archive, IReadOnlyList<CycleId> cycles,
        IReadOnlyList<string> variables, int maximumCycles = 120)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(variables);
        if (cycles.Count == 0)
        {
            throw new ArgumentException("No training cycles to estimate the standardisation from.");
        }

        VariableId[] ids = variables.Select(v => VariableId.Parse(v, VariableCatalog.Default)).ToArray();
        VariableId[] dynamic = ids.Where(id => !IsStatic(id)).Distinct().ToArray();
        int step = Math.Max(1, cycles.Count / maximumCycles);
        int rows = archive.Grid.LatitudeCount, columns = archive.Grid.LongitudeCount;
        Accumulator[] sums = dynamic.Select(_ => new Accumulator(rows)).ToArray();
        StaticFields? statics = null;
        // Training screens and reports every sample; cycles left out here are only named when a variable has no value at all.
        var skipped = new List<string>();
        for (int i = 0; i < cycles.Count; i += step)
        {
            CycleData data;
            try
            {
                data = archive.Read(cycles[i], dynamic);
            }
            catch (Exception ex) when (CycleArchives.IsMissingData(ex))
            {
                skipped.Add(ex.Message);
                continue;
            }

            statics ??= data.Statics;
            for (int v = 0; v < dynamic.Length; v++)
            {
                for (int l = 0; l < data.LeadHours.Count; l++)
                {
                    sums[v].Add(data.Field(l, v), columns);
                }
            }
        }

        var result = new Dictionary<string, Standardisation>(StringComparer.Ordinal);
        foreach (string name in variables)
        {
            VariableId id = VariableId.Parse(name, VariableCatalog.Default);
            if (IsStatic(id))
            {
                float[] field = statics is null
                    ? throw new ArgumentException($"Static field '{name}' requested but the archive's cycles have none.")
                    : id.Name == "orography" ? statics.OrographyM : statics.LandSeaMask;
                var accumulator = new Accumulator(rows);
                accumulator.Add(field, columns);
                result[name] = accumulator.Global(name, skipped);
            }
            else
            {
                Accumulator accumulator = sums[Array.IndexOf(dynamic, id)];
                result[name] = LatitudeWise.Contains(id.Name) ? accumulator.PerRow(name, skipped) : accumulator.Global(name, skipped);
            }
        }

        return result;
    }

    private static bool IsStatic(VariableId id) => VariableCatalog.Default.IsStatic(id.Name);

    private sealed class Accumulator(int rows)
    {
        private readonly double[] _sum = new double[rows];
        private readonly double[] _squares = new double[rows];
        private readonly long[] _count = new long[rows];
        private long _missing;
        private readonly double[] _minimum = Enumerable.Repeat(double.PositiveInfinity, rows).ToArray();
        private readonly double[] _maximum = Enumerable.Repeat(double.NegativeInfinity, rows).ToArray();

        public void Add(ReadOnlySpan<float> field, int columns)
        {
            for (int i = 0; i < field.Length; i++)
            {
                if (!float.IsFinite(field[i]))
                {
                    _missing++;
                }
                else
                {
                    int r = i / columns;
                    _sum[r] += field[i];
                    _squares[r] += (double)field[i] * field[i];
                    _count[r]++;
                    _minimum[r] = Math.Min(_minimum[r], field[i]);
                    _maximum[r] = Math.Max(_maximum[r], field[i]);
                }
            }
        }

        public Standardisation Global(string name, IReadOnlyList<string> skipped)
        {
            double n = CheckAnyValue(name, skipped), mean = _sum.Sum() / n;
            return new Standardisation([mean], [Math.Sqrt(Math.Max(0, (_squares.Sum() / n) - (mean * mean)))])
            {
                Minimum = [_minimum.Min()],
                Maximum = [_maximum.Max()],
                Count = _count.Sum(),
                MissingCount = _missing,
            };
        }

        public Standardisation PerRow(string name, IReadOnlyList<string> skipped)
        {
            CheckAnyValue(name, skipped);
            var mean = new double[_sum.Length];
            var std = new double[_sum.Length];
            for (int r = 0; r < mean.Length; r++)
            {
                mean[r] = _count[r] == 0 ? 0 : _sum[r] / _count[r];
                std[r] = _count[r] == 0 ? 1 : Math.Sqrt(Math.Max(0, (_squares[r] / _count[r]) - (mean[r] * mean[r])));
            }

            return new Standardisation(mean, std)
            {
                Minimum = _count.Select((c, r) => c == 0 ? 0 : _minimum[r]).ToArray(),
                Maximum = _count.Select((c, r) => c == 0 ? 0 : _maximum[r]).ToArray(),
                Count = _count.Sum(),
                MissingCount = _missing,
            };
        }

        private long CheckAnyValue(string name, IReadOnlyList<string> skipped)
        {
            long n = _count.Sum();
            return n > 0 ? n : throw new ArgumentException(
                $"'{name}' has no valid value in the training cycles read for the standardisation ({_missing} missing values" +
                (skipped.Count > 0 ? $"; {skipped.Count} cycle(s) skipped, first: {skipped[0]}" : "") + ").");
        }
    }
}
