using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Numerics;
using Monitor.Core.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer.Training;

/// <summary>
/// Trains a transfer model on an archive (Farokhmanesh et al., AIES 2023: L1 loss, AdamW, plateau schedule; here
/// with early stopping on the validation loss). Samples are (cycle, lead) fields; cycles are read one at a time and
/// kept in memory only up to <see cref="CacheBudgetBytes"/>, so archives larger than memory stream. Missing data: the
/// loss is the mean over the cells that have the target and every input (missing inputs are fed as 0, the training
/// mean); samples with no such cell, or whose time step lacks a variable, are skipped and counted
/// (<see cref="SkippedSamples"/>); a NaN or infinity in the standardised data, the loss, the gradients or the weights
/// stops training (<see cref="TrainingDivergedException"/>, naming the epoch and the cause). Deterministic for a
/// seed. Writes the best model to the output directory and a checkpoint after every epoch (<c>checkpoint/</c>) from
/// which <see cref="TrainingOptions.Resume"/> continues.
/// </summary>
public static class Trainer
{
    /// <summary>Standardised samples kept in memory at most (bytes); beyond this, cycles are re-read every epoch.</summary>
    public const long CacheBudgetBytes = 4L << 30;

    private const string CheckpointFolder = "checkpoint";
    private const string StateFile = "state.json";
    private const string OptimiserFile = "optimizer.pt";
    private const string Diverged = "The data are finite (missing cells are masked), so the optimisation diverged: lower the learning rate.";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Trains on the archive at <see cref="TrainingOptions.Archive"/> (a cycle directory or a manifest).</summary>
    public static TrainingResult Train(TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using ICycleArchive archive = CycleArchives.Open(options.Archive);
        return Train(archive, options, progress, cancellationToken);
    }

    /// <summary>Trains; returns when early stopping triggers, the epoch limit is reached, or cancellation is requested.</summary>
    public static TrainingResult Train(ICycleArchive archive, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.Initialize(options.Threads);
        IReadOnlyList<CycleId> trainCycles = archive.CyclesIn(options.TrainPeriod);
        IReadOnlyList<CycleId> validCycles = archive.CyclesIn(options.ValidPeriod);
        if (trainCycles.Count == 0 || validCycles.Count == 0)
        {
            throw new ArgumentException(
                $"Archive {archive.Location} has {trainCycles.Count} cycles in the training period {options.TrainPeriod} and {validCycles.Count} in the validation period {options.ValidPeriod}; both need at least one.");
        }

        string checkpoint = Path.Combine(options.OutputDirectory, CheckpointFolder);
        bool resuming = options.Resume && File.Exists(Path.Combine(checkpoint, StateFile));
        using TransferModel model = resuming ? TransferModel.Load(checkpoint) : TransferModel.Create(NewSpec(options, archive, trainCycles), options.Seed);
        var samples = new SampleSource(archive, model, options.Leads);
        TrainingState state = resuming
            ? JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(checkpoint, StateFile)), s_json)!
            : new(0, double.PositiveInfinity, 0, 0, options.LearningRate, []);
        var skipped = new SkippedSamples();
        int firstEpoch = state.Epoch + 1;
        IReadOnlyList<(CycleId, int)> trainSamples = Screen(samples, trainCycles, skipped, firstEpoch, "training", options.TrainPeriod);
        IReadOnlyList<(CycleId, int)> validSamples = Screen(samples, validCycles, skipped, firstEpoch, "validation", options.ValidPeriod);
        if (skipped.Count > 0)
        {
            progress?.Report(new TrainingProgress(firstEpoch, 0, 0, double.NaN, null, options.LearningRate, TimeSpan.Zero) { Skipped = skipped });
        }

        int trainCount = trainSamples.Count;

        var optimizer = optim.AdamW(model.Network.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        if (resuming)
        {
            optimizer.load_py(Path.Combine(checkpoint, OptimiserFile));
        }

        var history = state.History.ToList();
        if (!resuming && options.Architecture == Architecture.Linear)
        {
            // The per-cell linear model has an exact least-squares solution: start from it (epoch 0) instead of from
            // random weights, and let the loss's own training and early stopping improve on it where they can. The
            // model written is never worse on validation than the closed-form fit.
            state = StartFromLeastSquares(model, archive, samples, trainCycles, (trainSamples, validSamples), options, state, history);
            EpochRecord start = history[^1];
            progress?.Report(new TrainingProgress(0, 0, 0, start.TrainingLoss, start.ValidationLoss, state.LearningRate, TimeSpan.Zero));
        }

        var clock = Stopwatch.StartNew();
        int epochsRun = 0;
        double trainSeconds = 0;
        long trainedSamples = 0;
        bool stoppedEarly = false;
        for (int epoch = state.Epoch + 1; epoch <= options.MaxEpochs && !cancellationToken.IsCancellationRequested; epoch++)
        {
            SetLearningRate(optimizer, state.LearningRate);
            var epochClock = Stopwatch.StartNew();
            double trainLoss = TrainEpoch(model, optimizer, samples, trainSamples, options, epoch, state.LearningRate, progress, clock, epochsRun, cancellationToken);
            epochsRun++;
            trainSeconds += epochClock.Elapsed.TotalSeconds;
            trainedSamples += trainCount;
            double validLoss = Evaluate(model, samples, validSamples, options);
            if (!double.IsFinite(validLoss))
            {
                throw new TrainingDivergedException($"Training stopped at epoch {epoch}: the validation loss is {validLoss} although every training step was finite; " +
                    "the optimisation diverged: lower the learning rate. The last checkpoint is intact.");
            }

            history.Add(new EpochRecord(epoch, trainLoss, validLoss, state.LearningRate, epochClock.Elapsed.TotalSeconds));
            state = Schedule(state, epoch, validLoss, options, history);
            if (state.BestEpoch == epoch)
            {
                model.Save(options.OutputDirectory);
            }

            SaveCheckpoint(model, optimizer, state, checkpoint);
            progress?.Report(new TrainingProgress(epoch, 0, 0, trainLoss, validLoss, state.LearningRate,
                TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / epochsRun * (options.MaxEpochs - epoch))));
            if (state.EpochsWithoutImprovement >= options.EarlyStoppingPatience)
            {
                stoppedEarly = true;
                break;
            }
        }

        WriteProvenance(archive, options, state, trainCycles.Count, validCycles.Count, skipped);
        return new TrainingResult(options.OutputDirectory, state.BestEpoch, state.BestValidationLoss, history, stoppedEarly, trainCount,
            trainSeconds > 0 ? trainedSamples / trainSeconds : 0, skipped);
    }

    /// <summary>
    /// The usable samples of a period's cycles (the others recorded in <paramref name="skipped"/>); throws when none is
    /// left, or <see cref="TrainingDivergedException"/> naming <paramref name="epoch"/> when a standardised value is infinite.
    /// </summary>
    private static IReadOnlyList<(CycleId, int)> Screen(SampleSource samples, IReadOnlyList<CycleId> cycles, SkippedSamples skipped, int epoch,
        string purpose, TimePeriod period)
    {
        IReadOnlyList<(CycleId, int)> usable;
        try
        {
            usable = samples.Usable(cycles, skipped);
        }
        catch (InvalidDataException ex)
        {
            throw new TrainingDivergedException($"Training stopped before epoch {epoch}: {ex.Message}.");
        }

        return usable.Count > 0
            ? usable
            : throw new ArgumentException($"No usable {purpose} sample in {period}: {skipped.Describe()}");
    }

    /// <summary>
    /// Sets a per-cell linear model to the exact least-squares fit over the training samples
    /// (<see cref="Evaluation.LinearBaselineFitter"/>), records it as epoch 0 and saves it as the best so far.
    /// </summary>
    private static TrainingState StartFromLeastSquares(TransferModel model, ICycleArchive archive, SampleSource samples, IReadOnlyList<CycleId> trainCycles,
        (IReadOnlyList<(CycleId, int)> Train, IReadOnlyList<(CycleId, int)> Valid) usable, TrainingOptions options, TrainingState state, List<EpochRecord> history)
    {
        var clock = Stopwatch.StartNew();
        using (TransferModel fitted = Evaluation.LinearBaselineFitter.Fit(model.Spec, archive, trainCycles, options.Leads))
        using (no_grad())
        {
            Dictionary<string, Tensor> target = model.Network.state_dict();
            foreach ((string name, Tensor value) in fitted.Network.state_dict())
            {
                target[name].copy_(value);
            }
        }

        double trainLoss = Evaluate(model, samples, usable.Train, options);
        double validLoss = Evaluate(model, samples, usable.Valid, options);
        if (!double.IsFinite(trainLoss) || !double.IsFinite(validLoss))
        {
            throw new TrainingDivergedException($"Training stopped at epoch 0: the least-squares start has training loss {trainLoss} and validation loss {validLoss}.");
        }

        history.Add(new EpochRecord(0, trainLoss, validLoss, state.LearningRate, clock.Elapsed.TotalSeconds));
        model.Save(options.OutputDirectory);
        return state with { BestValidationLoss = validLoss, BestEpoch = 0, History = history.ToArray() };
    }

    /// <summary>Mean loss of a model over the cells that count in the given samples (standardised units), no gradients.</summary>
    internal static double Evaluate(TransferModel model, SampleSource samples, IReadOnlyList<(CycleId Cycle, int Lead)> usable, TrainingOptions options)
    {
        model.Network.eval();
        double total = 0;
        long count = 0;
        using (no_grad())
        {
            foreach (var batch in samples.Batches(usable, options.BatchSize))
            {
                using IDisposable scope = NewDisposeScope();
                (Tensor loss, long cells) = Loss(model.Network.call(batch.Inputs), batch.Target, options.Loss);
                total += loss.item<float>() * (double)cells;
                count += cells;
            }
        }

        return total / count;
    }

    private static double TrainEpoch(TransferModel model, TorchSharp.Modules.AdamW optimizer, SampleSource samples, IReadOnlyList<(CycleId, int)> usable,
        TrainingOptions options, int epoch, double learningRate, IProgress<TrainingProgress>? progress, Stopwatch clock, int epochsDone,
        CancellationToken cancellationToken)
    {
        model.Network.train();
        (CycleId Cycle, int Lead)[] order = Shuffle(usable, options, epoch);
        int batches = (order.Length + options.BatchSize - 1) / options.BatchSize, done = 0;
        double total = 0;
        long count = 0;
        foreach (var batch in samples.Batches(order, options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using IDisposable scope = NewDisposeScope();
            optimizer.zero_grad();
            (Tensor loss, long cells) = Loss(model.Network.call(batch.Inputs), batch.Target, options.Loss);
            double value = loss.item<float>();
            string where = $"Training stopped at epoch {epoch}, batch {done + 1} of {batches}";
            if (!double.IsFinite(value))
            {
                // Before the step: the weights and the last checkpoint stay as they were.
                throw new TrainingDivergedException($"{where}: the loss is {value}. {Diverged}");
            }

            loss.backward();
            if (FirstNonFinite(model, gradients: true) is string gradient)
            {
                throw new TrainingDivergedException($"{where}: the gradient of '{gradient}' is not finite (the loss is {value}). {Diverged}");
            }

            optimizer.step();
            if (FirstNonFinite(model, gradients: false) is string weight)
            {
                throw new TrainingDivergedException($"{where}: the step made the weights of '{weight}' non-finite. {Diverged} Checkpoints written before this epoch are intact.");
            }

            total += value * cells;
            count += cells;
            done++;
            if (progress is not null && (done % 10 == 0 || done == batches))
            {
                // ETA from the pace of this session: elapsed / epochs run so far × epochs still to run (at most).
                double epochsRun = epochsDone + (done / (double)batches);
                double left = options.MaxEpochs - epoch + 1 - (done / (double)batches);
                progress.Report(new TrainingProgress(epoch, done, batches, total / count, null, learningRate,
                    TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / epochsRun * left)));
            }
        }

        return total / count;
    }

    /// <summary>
    /// The loss over the cells that count (target not NaN: the target and every input present), and how many there
    /// are. Every usable sample has at least one such cell.
    /// </summary>
    private static (Tensor Loss, long Cells) Loss(Tensor prediction, Tensor target, LossKind kind)
    {
        Tensor counts = target.isnan().logical_not();
        Tensor predicted = prediction.masked_select(counts), expected = target.masked_select(counts);
        return (kind == LossKind.Mse ? nn.functional.mse_loss(predicted, expected) : nn.functional.l1_loss(predicted, expected), expected.shape[0]);
    }

    /// <summary>The first parameter whose gradient (or value) holds a NaN or an infinity; null when all are finite.</summary>
    private static string? FirstNonFinite(TransferModel model, bool gradients)
    {
        foreach ((string name, TorchSharp.Modules.Parameter parameter) in model.Network.named_parameters())
        {
            Tensor? values = gradients ? parameter.grad : parameter;
            if (values is not null && !values.isfinite().all().item<bool>())
            {
                return name;
            }
        }

        return null;
    }

    private static TrainingState Schedule(TrainingState state, int epoch, double validLoss, TrainingOptions options, IReadOnlyList<EpochRecord> history)
    {
        if (validLoss < state.BestValidationLoss * (1 - 1e-4))
        {
            return state with { Epoch = epoch, BestValidationLoss = validLoss, BestEpoch = epoch, EpochsWithoutImprovement = 0, History = history.ToArray() };
        }

        int without = state.EpochsWithoutImprovement + 1;
        // Plateau schedule: halve the learning rate after every PlateauPatience epochs without improvement.
        double lr = without % options.PlateauPatience == 0 ? state.LearningRate * 0.5 : state.LearningRate;
        return state with { Epoch = epoch, EpochsWithoutImprovement = without, LearningRate = lr, History = history.ToArray() };
    }

    private static (CycleId, int)[] Shuffle(IReadOnlyList<(CycleId, int)> usable, TrainingOptions options, int epoch)
    {
        var order = usable.ToArray();
        SplitMix64 random = SplitMix64.For(options.Seed, epoch, 0x53485546);   // "SHUF"
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static ModelSpec NewSpec(TrainingOptions options, ICycleArchive archive, IReadOnlyList<CycleId> trainCycles)
    {
        GridSpec grid = archive.Grid;
        (PaddingMode latitude, PaddingMode longitude) = ModelSpec.PaddingFor(grid);
        return new ModelSpec
        {
            Name = Path.GetFileName(Path.GetFullPath(options.OutputDirectory).TrimEnd(Path.DirectorySeparatorChar)),
            Target = options.Target,
            Inputs = options.Inputs,
            Architecture = options.Architecture,
            Width = options.Width,
            Depth = options.Depth,
            ArchitectureVersion = options.UNetLayout,
            Blocks = options.Blocks,
            Grid = grid,
            LatitudePadding = latitude,
            LongitudePadding = longitude,
            Standardisation = StandardisationEstimator.Estimate(archive, trainCycles, options.Inputs.Append(options.Target).ToArray()),
        };
    }

    private static void SaveCheckpoint(TransferModel model, TorchSharp.Modules.AdamW optimizer, TrainingState state, string checkpoint)
    {
        model.Save(checkpoint);
        optimizer.save_py(Path.Combine(checkpoint, OptimiserFile));
        File.WriteAllText(Path.Combine(checkpoint, StateFile), JsonSerializer.Serialize(state, s_json));
    }

    private static void WriteProvenance(ICycleArchive archive, TrainingOptions options, TrainingState state, int trainCycles, int validCycles, SkippedSamples skipped)
    {
        if (!File.Exists(Path.Combine(options.OutputDirectory, ModelSpec.FileName)))
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        ModelSpec spec = ModelSpec.Load(options.OutputDirectory);
        (spec with
        {
            Provenance = new Dictionary<string, string>
            {
                ["archive"] = Path.GetFullPath(archive.Location),
                ["trainPeriod"] = options.TrainPeriod.ToString(),
                ["validPeriod"] = options.ValidPeriod.ToString(),
                ["trainCycles"] = trainCycles.ToString(c),
                ["validCycles"] = validCycles.ToString(c),
                ["skippedSamples"] = skipped.Count.ToString(c),
                ["firstSkipped"] = string.Join("; ", skipped.First),
                ["leads"] = string.Join(",", options.Leads),
                ["seed"] = options.Seed.ToString(c),
                ["loss"] = options.Loss.ToString(),
                ["epochs"] = state.Epoch.ToString(c),
                ["bestEpoch"] = state.BestEpoch.ToString(c),
                ["bestValidationLoss"] = state.BestValidationLoss.ToString("R", c),
                ["kernels"] = TorchRuntime.Kernels.Name,
                ["software"] = $"V2V Monitor {typeof(Trainer).Assembly.GetName().Version}, TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {__version__}",
            },
        }).Save(options.OutputDirectory);
    }

    private static void SetLearningRate(TorchSharp.Modules.AdamW optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
