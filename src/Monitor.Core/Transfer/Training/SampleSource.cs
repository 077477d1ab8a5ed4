using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Training;

/// <summary>
/// Standardised training samples: (cycle, lead) → inputs <c>[C, lat, lon]</c> and target <c>[1, lat, lon]</c>. Missing
/// input values are fed as 0 (<see cref="TransferModel.FillInputs"/>); the target is NaN at every cell that must not
/// count in the loss — where the target or any input is missing. A cycle is read from the archive when first needed
/// and its samples kept while they fit in <see cref="Trainer.CacheBudgetBytes"/>; past the budget, cycles are read
/// again each time (streaming).
/// </summary>
internal sealed class SampleSource(ICycleArchive archive, TransferModel model, IReadOnlyList<int> leads)
{
    private readonly Dictionary<CycleId, CycleSamples> _cache = [];
    private readonly IReadOnlyList<VariableId> _variables = model.Spec.TimeDependentVariables();

    private long _cachedBytes;

    /// <summary>One batch; <see cref="Target"/> is NaN at the cells that do not count.</summary>
    public sealed record Batch(Tensor Inputs, Tensor Target, int Count);

    /// <summary>
    /// The samples of <paramref name="cycles"/> (cycle, index into the leads) that have at least one cell with the
    /// target and every input, in order; the others are recorded in <paramref name="skipped"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A standardised input or target value is infinite (sample and variable named).</exception>
    public IReadOnlyList<(CycleId Cycle, int Lead)> Usable(IReadOnlyList<CycleId> cycles, SkippedSamples skipped)
    {
        var usable = new List<(CycleId, int)>();
        foreach (CycleId cycle in cycles)
        {
            CycleSamples samples = Get(cycle, skipped);
            for (int l = 0; l < leads.Count; l++)
            {
                if (samples.Usable[l])
                {
                    usable.Add((cycle, l));
                }
            }
        }

        return usable;
    }

    /// <summary>Batches of the given (usable) samples, in order; tensors belong to the caller's dispose scope.</summary>
    public IEnumerable<Batch> Batches(IEnumerable<(CycleId Cycle, int Lead)> samples, int batchSize)
    {
        GridSpec grid = model.Spec.Grid;
        int cells = grid.CellCount, channels = model.Spec.Inputs.Count;
        var inputs = new float[batchSize * channels * cells];
        var target = new float[batchSize * cells];
        int n = 0;
        foreach ((CycleId cycle, int lead) in samples)
        {
            CycleSamples cycleSamples = Get(cycle, skipped: null);
            cycleSamples.Inputs.AsSpan(lead * channels * cells, channels * cells).CopyTo(inputs.AsSpan(n * channels * cells));
            cycleSamples.Target.AsSpan(lead * cells, cells).CopyTo(target.AsSpan(n * cells));
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

    /// <summary>A cycle's samples; <paramref name="skipped"/> receives those left out when the cycle is read for the first time.</summary>
    private CycleSamples Get(CycleId cycle, SkippedSamples? skipped)
    {
        if (_cache.TryGetValue(cycle, out CycleSamples? cached))
        {
            return cached;
        }

        skipped ??= new SkippedSamples();
        CycleData? data = skipped.Read(archive, cycle, _variables, leads);
        if (data is null)
        {
            // Nothing to keep but the verdict.
            var none = new CycleSamples([], [], new bool[leads.Count]);
            _cache[cycle] = none;
            return none;
        }

        int cells = data.Grid.CellCount, channels = model.Spec.Inputs.Count;
        var inputs = new float[leads.Count * channels * cells];
        var target = new float[leads.Count * cells];
        var usable = new bool[leads.Count];
        var missing = new bool[cells];
        for (int l = 0; l < leads.Count; l++)
        {
            int index = data.IndexOfLead(leads[l]);
            Span<float> sampleInputs = inputs.AsSpan(l * channels * cells, channels * cells), sampleTarget = target.AsSpan(l * cells, cells);
            Array.Clear(missing);
            model.FillInputs(data, index, sampleInputs, missing);
            model.FillTarget(data, index, sampleTarget);
            CheckFinite(sampleInputs, sampleTarget, cycle, leads[l]);
            int counted = 0;
            for (int i = 0; i < cells; i++)
            {
                if (missing[i])
                {
                    sampleTarget[i] = float.NaN;
                }
                else if (!float.IsNaN(sampleTarget[i]))
                {
                    counted++;
                }
            }

            usable[l] = counted > 0;
            if (!usable[l])
            {
                skipped.Add(new SkippedSample(cycle, leads[l], WhyNoCellCounts(data, index)));
            }
        }

        var samples = new CycleSamples(inputs, target, usable);
        long bytes = 4L * (inputs.Length + target.Length);
        if (_cachedBytes + bytes <= Trainer.CacheBudgetBytes)
        {
            _cache[cycle] = samples;
            _cachedBytes += bytes;
        }

        return samples;
    }

    /// <summary>Throws when a standardised value is infinite: a raw value beyond float range, or a standard deviation near 0.</summary>
    private void CheckFinite(ReadOnlySpan<float> inputs, ReadOnlySpan<float> target, CycleId cycle, int leadHours)
    {
        int cells = target.Length;
        for (int c = 0; c <= model.Spec.Inputs.Count; c++)
        {
            bool isTarget = c == model.Spec.Inputs.Count;
            ReadOnlySpan<float> values = isTarget ? target : inputs.Slice(c * cells, cells);
            int infinite = 0;
            foreach (float value in values)
            {
                infinite += float.IsInfinity(value) ? 1 : 0;
            }

            if (infinite > 0)
            {
                string name = isTarget ? model.Spec.Target : model.Spec.Inputs[c];
                throw new InvalidDataException(
                    $"{(isTarget ? "the target" : "input")} '{name}' of {cycle} +{leadHours} h holds {infinite} infinite value(s) after standardisation " +
                    "(a raw value beyond float range, or a standard deviation near 0)");
            }
        }
    }

    /// <summary>Why no cell of a sample counts: the variables entirely missing at that lead, or missing cells that never coincide.</summary>
    private string WhyNoCellCounts(CycleData data, int leadIndex)
    {
        string[] empty = _variables.Where(v => !HasAnyValue(data.Field(leadIndex, data.IndexOf(v)))).Select(v => v.ToString()).ToArray();
        return empty.Length > 0
            ? $"every value of {string.Join(", ", empty)} is missing"
            : "no cell has the target and every input";
    }

    private static bool HasAnyValue(ReadOnlySpan<float> field)
    {
        foreach (float value in field)
        {
            if (!float.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The standardised samples of one cycle, lead after lead, and which of them count.</summary>
    private sealed record CycleSamples(float[] Inputs, float[] Target, bool[] Usable);
}
