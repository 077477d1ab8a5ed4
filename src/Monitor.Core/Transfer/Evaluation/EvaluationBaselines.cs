using Monitor.Core.Cycles;

namespace Monitor.Core.Transfer.Evaluation;

/// <summary>The two baselines a model is judged against, fitted once on the model's training period.</summary>
public sealed class EvaluationBaselines : IDisposable
{
    private EvaluationBaselines(ClimatologyBaseline climatology, TransferModel linear, SkippedSamples skipped)
    {
        Climatology = climatology;
        Linear = linear;
        Skipped = skipped;
    }

    /// <summary>Per-cell, per-hour climatology of the target.</summary>
    public ClimatologyBaseline Climatology { get; }

    /// <summary>Exact per-cell linear regression on the model's inputs.</summary>
    public TransferModel Linear { get; }

    /// <summary>Training samples the baselines left out for missing data.</summary>
    public SkippedSamples Skipped { get; }

    /// <summary>Fits both on the training period and leads recorded in the model's provenance.</summary>
    public static EvaluationBaselines Fit(ModelSpec spec, ICycleArchive archive)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(archive);
        (TimePeriod period, int[] leads) = Evaluator.TrainingSetup(spec);
        IReadOnlyList<Grids.CycleId> cycles = archive.CyclesIn(period);
        if (cycles.Count == 0)
        {
            throw new ArgumentException($"Archive {archive.Location} has no cycle in the model's training period {period}; the baselines are fitted there.");
        }

        var skipped = new SkippedSamples();
        return new EvaluationBaselines(ClimatologyBaseline.Fit(archive, cycles, spec.Target), LinearBaselineFitter.Fit(spec, archive, cycles, leads, skipped), skipped);
    }

    /// <inheritdoc />
    public void Dispose() => Linear.Dispose();
}
