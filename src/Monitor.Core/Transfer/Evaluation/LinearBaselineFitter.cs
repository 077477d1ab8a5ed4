using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Evaluation;

/// <summary>
/// Fits the linear baseline exactly: for every grid cell, ordinary least squares of the standardised target on the
/// standardised inputs plus an intercept, solved from the normal equations (with a 1e-6 ridge for rank safety), over
/// the given training samples. Gives the per-cell linear model (<see cref="Architecture.Linear"/>) that gradient
/// training would only approach. A cell's sums take only the samples where the target and every input are present
/// there (a cell with none keeps weights 0: it predicts the training mean); a sample whose time step lacks a variable
/// is skipped (<see cref="SkippedSamples"/>).
/// </summary>
public static class LinearBaselineFitter
{
    /// <summary>Fits a linear model with the same inputs, target, grid and standardisation as <paramref name="reference"/>.</summary>
    /// <param name="reference">Inputs, target, grid and standardisation.</param>
    /// <param name="archive">The archive.</param>
    /// <param name="cycles">The training cycles.</param>
    /// <param name="leads">The leads (h) that are samples.</param>
    /// <param name="skipped">Receives the samples left out for missing data; null to drop them.</param>
    public static TransferModel Fit(ModelSpec reference, ICycleArchive archive, IReadOnlyList<CycleId> cycles, IReadOnlyList<int> leads,
        SkippedSamples? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(leads);
        ModelSpec spec = reference with { Name = reference.Name + "-linear", Architecture = Architecture.Linear };
        TransferModel model = TransferModel.Create(spec, seed: 0);
        int channels = spec.Inputs.Count, cells = spec.Grid.CellCount, k = channels + 1;
        var xtx = new double[cells, k, k];
        var xty = new double[cells, k];
        var inputs = new float[channels * cells];
        var target = new float[cells];
        var missing = new bool[cells];
        IReadOnlyList<VariableId> variables = spec.TimeDependentVariables();
        Span<double> row = stackalloc double[k];
        skipped ??= new SkippedSamples();
        foreach (CycleId cycle in cycles)
        {
            if (skipped.Read(archive, cycle, variables, leads) is not CycleData data)
            {
                continue;
            }

            foreach (int lead in leads)
            {
                int index = data.IndexOfLead(lead);
                Array.Clear(missing);
                model.FillInputs(data, index, inputs, missing);
                model.FillTarget(data, index, target);
                for (int cell = 0; cell < cells; cell++)
                {
                    if (missing[cell] || float.IsNaN(target[cell]))
                    {
                        continue;
                    }

                    for (int c = 0; c < channels; c++)
                    {
                        row[c] = inputs[(c * cells) + cell];
                    }

                    row[channels] = 1;
                    for (int a = 0; a < k; a++)
                    {
                        xty[cell, a] += row[a] * target[cell];
                        for (int b = 0; b < k; b++)
                        {
                            xtx[cell, a, b] += row[a] * row[b];
                        }
                    }
                }
            }
        }

        var weight = new float[channels * cells];
        var bias = new float[cells];
        var matrix = new double[k, k];
        var vector = new double[k];
        for (int cell = 0; cell < cells; cell++)
        {
            for (int a = 0; a < k; a++)
            {
                vector[a] = xty[cell, a];
                for (int b = 0; b < k; b++)
                {
                    matrix[a, b] = xtx[cell, a, b] + (a == b ? 1e-6 * (1 + xtx[cell, a, a]) : 0);
                }
            }

            double[] beta = Solve(matrix, vector);
            for (int c = 0; c < channels; c++)
            {
                weight[(c * cells) + cell] = (float)beta[c];
            }

            bias[cell] = (float)beta[channels];
        }

        using (no_grad())
        {
            var state = model.Network.state_dict();
            state["weight"].copy_(tensor(weight, [channels, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount]));
            state["bias"].copy_(tensor(bias, [spec.Grid.LatitudeCount, spec.Grid.LongitudeCount]));
        }

        return model;
    }

    /// <summary>Solves a small symmetric positive-definite system by Gaussian elimination with partial pivoting.</summary>
    internal static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (pivot != col)
            {
                for (int c = 0; c < n; c++)
                {
                    (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
                }

                (x[col], x[pivot]) = (x[pivot], x[col]);
            }

            for (int r = col + 1; r < n; r++)
            {
                double f = m[r, col] / m[col, col];
                for (int c = col; c < n; c++)
                {
                    m[r, c] -= f * m[col, c];
                }

                x[r] -= f * x[col];
            }
        }

        for (int r = n - 1; r >= 0; r--)
        {
            for (int c = r + 1; c < n; c++)
            {
                x[r] -= m[r, c] * x[c];
            }

            x[r] /= m[r, r];
        }

        return x;
    }
}
