namespace Monitor.Core.Regimes;

/// <summary>
/// A smoothed day-of-year climatology per cell: the time mean plus the first <see cref="Harmonics"/> harmonics of the
/// annual cycle, fitted by least squares,
/// <c>c(t) = a₀ + Σₕ aₕ cos(h θ) + bₕ sin(h θ)</c>, θ = 2π (t − 2000-01-01) / 365.2425 d.
/// Two harmonics are the usual choice for daily geopotential climatologies (e.g. the smoothing of the day-of-year
/// means in Grams et al. 2017 is equivalent to keeping the lowest annual harmonics). Coefficients are in the field's units.
/// </summary>
public sealed class HarmonicClimatology
{
    /// <summary>Length of the annual cycle (days): the mean Gregorian year.</summary>
    public const double YearDays = 365.2425;

    private static readonly DateTime s_epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Creates a climatology from coefficients <c>[term][cell]</c>: term 0 the mean, then cos/sin pairs.</summary>
    public HarmonicClimatology(int harmonics, double[][] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (harmonics < 0 || coefficients.Length != (2 * harmonics) + 1)
        {
            throw new ArgumentException(
                $"A climatology with {harmonics} harmonics needs {(2 * harmonics) + 1} coefficient rows, got {coefficients.Length}.");
        }

        Harmonics = harmonics;
        Coefficients = coefficients;
    }

    /// <summary>Number of annual harmonics.</summary>
    public int Harmonics { get; }

    /// <summary>Coefficients <c>[term][cell]</c> (field units): mean, cos θ, sin θ, cos 2θ, sin 2θ, …</summary>
    public double[][] Coefficients { get; }

    /// <summary>Number of cells.</summary>
    public int CellCount => Coefficients[0].Length;

    /// <summary>Fits the climatology to fields <c>[state][cell]</c> valid at <paramref name="times"/>.</summary>
    /// <exception cref="ArgumentException">
    /// Harmonics requested but the states span less than a year (the annual cycle is not determined), or too few states.
    /// </exception>
    public static HarmonicClimatology Fit(IReadOnlyList<DateTime> times, IReadOnlyList<float[]> fields, int harmonics)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(fields);
        int terms = (2 * harmonics) + 1, n = times.Count;
        if (harmonics < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(harmonics), harmonics, "--harmonics must be ≥ 0.");
        }

        if (n < terms + 1)
        {
            throw new ArgumentException($"{n} states cannot determine a climatology with {harmonics} harmonics.");
        }

        double span = (times.Max() - times.Min()).TotalDays;
        if (harmonics > 0 && span < YearDays - 1)
        {
            throw new ArgumentException(
                $"The states span {span:F0} days, less than a year: the annual cycle (--harmonics {harmonics}) is not " +
                "determined; use a longer archive or --harmonics 0 (time mean only).");
        }

        int cells = fields[0].Length;
        var normal = new double[terms, terms];
        var rhs = new double[terms][];
        for (int t = 0; t < terms; t++)
        {
            rhs[t] = new double[cells];
        }

        var basis = new double[terms];
        for (int s = 0; s < n; s++)
        {
            Basis(times[s], basis);
            for (int a = 0; a < terms; a++)
            {
                for (int b = 0; b < terms; b++)
                {
                    normal[a, b] += basis[a] * basis[b];
                }
            }
        }

        // Aᵀ Y, parallel over terms (each term's row is summed in state order: deterministic).
        Parallel.For(0, terms, t =>
        {
            var local = new double[terms];
            double[] row = rhs[t];
            for (int s = 0; s < n; s++)
            {
                Basis(times[s], local);
                double w = local[t];
                float[] field = fields[s];
                for (int c = 0; c < cells; c++)
                {
                    row[c] += w * field[c];
                }
            }
        });

        return new HarmonicClimatology(harmonics, Solve(normal, rhs));
    }

    /// <summary>Writes the climatology at <paramref name="time"/> into <paramref name="destination"/> (one value per cell).</summary>
    public void Evaluate(DateTime time, Span<double> destination)
    {
        var basis = new double[Coefficients.Length];
        Basis(time, basis);
        destination.Clear();
        for (int t = 0; t < basis.Length; t++)
        {
            double w = basis[t];
            double[] row = Coefficients[t];
            for (int c = 0; c < destination.Length; c++)
            {
                destination[c] += w * row[c];
            }
        }
    }

    private static void Basis(DateTime time, double[] basis)
    {
        double theta = 2 * Math.PI * (time - s_epoch).TotalDays / YearDays;
        basis[0] = 1;
        for (int h = 1; 2 * h < basis.Length; h++)
        {
            basis[(2 * h) - 1] = Math.Cos(h * theta);
            basis[2 * h] = Math.Sin(h * theta);
        }
    }

    // Gaussian elimination with partial pivoting on the small symmetric normal matrix, many right-hand sides.
    private static double[][] Solve(double[,] matrix, double[][] rhs)
    {
        int m = rhs.Length;
        var a = (double[,])matrix.Clone();
        double scale = 0;
        for (int i = 0; i < m; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }

        for (int col = 0; col < m; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < m; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, col]) <= 1e-12 * scale)
            {
                throw new ArgumentException("The states do not determine the annual harmonics (singular fit); use --harmonics 0.");
            }

            if (pivot != col)
            {
                for (int c = 0; c < m; c++)
                {
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                }

                (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            }

            for (int r = 0; r < m; r++)
            {
                if (r == col)
                {
                    continue;
                }

                double f = a[r, col] / a[col, col];
                if (f == 0)
                {
                    continue;
                }

                for (int c = col; c < m; c++)
                {
                    a[r, c] -= f * a[col, c];
                }

                double[] target = rhs[r], source = rhs[col];
                for (int c = 0; c < target.Length; c++)
                {
                    target[c] -= f * source[c];
                }
            }
        }

        for (int r = 0; r < m; r++)
        {
            double d = a[r, r];
            double[] row = rhs[r];
            for (int c = 0; c < row.Length; c++)
            {
                row[c] /= d;
            }
        }

        return rhs;
    }
}
