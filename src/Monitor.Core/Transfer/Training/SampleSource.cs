using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Training;

/// <summary>
/// Standardised training samples: (cycle, lead) → inputs <c>[C, lat, lon]</c> and target <c>[1, lat, lon]</c>. A cycle
/// is read from the archive when first needed and its samples kept while they fit in <see cref="Trainer.CacheBudgetBytes"/>;
/// past the budget, cycles are read again each time (streaming).
/// </summary>
internal sealed class SampleSource(ICycleArchive archive, TransferModel model, IReadOnlyList<int> leads)
{
    private readonly Dictionary<CycleId, (float[] Inputs, float[] Target)> _cache = [];
    private readonly IReadOnlyList<VariableId> _variables = model.Spec.TimeDependentVariables();

    private long _cachedBytes;

    /// <summary>One batch.</summary>
    public sealed record Batch(Tensor Inputs, Tensor Target, int Count);

    /// <summary>Batches of the given samples, in order; tensors belong to the caller's dispose scope.</summary>
    public IEnumerable<Batch> Batches(IEnumerable<(CycleId Cycle, int Lead)> samples, int batchSize)
    {
        GridSpec grid = model.Spec.Grid;
        int cells = grid.CellCount, channels = model.Spec.Inputs.Count;
        var inputs = new float[batchSize * channels * cells];
        var target = new float[batchSize * cells];
        int n = 0;
        foreach ((CycleId cycle, int lead) in samples)
        {
            (float[] cycleInputs, float[] cycleTarget) = Get(cycle);
            cycleInputs.AsSpan(lead * channels * cells, channels * cells).CopyTo(inputs.AsSpan(n * channels * cells));
            cycleTarget.AsSpan(lead * cells, cells).CopyTo(target.AsSpan(n * cells));
            if (++n == batchSize)
            {
                yield return Make(inputs, target, n, channels, grid);
                n = 0;
            }
        }

        if (n > 0)
        {
            yield return Make(inputs, target, n, channels, grid);
        }
    }

    private static Batch Make(float[] inputs, float[] target, int n, int channels, GridSpec grid)
    {
        // tensor() copies, so full batches pass the reused buffers as they are (no garbage per batch).
        int cells = grid.CellCount;
        bool full = n * cells == target.Length;
        Tensor x = tensor(full ? inputs : inputs.AsSpan(0, n * channels * cells).ToArray(), [n, channels, grid.LatitudeCount, grid.LongitudeCount]);
        Tensor y = tensor(full ? target : target.AsSpan(0, n * cells).ToArray(), [n, 1, grid.LatitudeCount, grid.LongitudeCount]);
        return new Batch(x, y, n);
    }

    private (float[] Inputs, float[] Target) Get(CycleId cycle)
    {
        if (_cache.TryGetValue(cycle, out var cached))
        {
            return cached;
        }

        CycleData data = archive.Read(cycle, _variables);
        int cells = data.Grid.CellCount, channels = model.Spec.Inputs.Count;
        var inputs = new float[leads.Count * channels * cells];
        var target = new float[leads.Count * cells];
        for (int l = 0; l < leads.Count; l++)
        {
            int index = data.IndexOfLead(leads[l]);
            model.FillInputs(data, index, inputs.AsSpan(l * channels * cells, channels * cells));
            model.FillTarget(data, index, target.AsSpan(l * cells, cells));
        }

        long bytes = 4L * (inputs.Length + target.Length);
        if (_cachedBytes + bytes <= Trainer.CacheBudgetBytes)
        {
            _cache[cycle] = (inputs, target);
            _cachedBytes += bytes;
        }

        return (inputs, target);
    }
}
