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
/// kept in memory only up to <see cref="CacheBudgetBytes"/>, so archives larger than memory stream. Deterministic for a
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
        int trainCount = trainCycles.Count * options.Leads.Count;

        var optimizer = optim.AdamW(model.Network.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        TrainingState state = new(0, double.PositiveInfinity, 0, 0, options.LearningRate, []);
        if (resuming)
        {
            optimizer.load_py(Path.Combine(checkpoint, OptimiserFile));
            state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(checkpoint, StateFile)), s_json)!;
        }

        var history = state.History.ToList();
        if (!resuming && options.Architecture == Architecture.Linear)
        {
            // The per-cell linear model has an exact least-squares solution: start from it (epoch 0) instead of from
            // random weights, and let the loss's own training and early stopping improve on it where they can. The
            // model written is never worse on validation than the closed-form fit.
            state = StartFromLeastSquares(model, archive, samples, trainCycles, validCycles, options, state, history);
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
            double trainLoss = TrainEpoch(model, optimizer, samples, trainCycles, options, epoch, state.LearningRate, progress, clock, epochsRun, cancellationToken);
            epochsRun++;
            trainSeconds += epochClock.Elapsed.TotalSeconds;
            trainedSamples += trainCount;
            double validLoss = Evaluate(model, samples, validCycles, options);
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

        WriteProvenance(archive, options, state, trainCycles.Count, validCycles.Count);
        return new TrainingResult(options.OutputDirectory, state.BestEpoch, state.BestValidationLoss, history, stoppedEarly, trainCount,
            trainSeconds > 0 ? trainedSamples / trainSeconds : 0);
    }

    /// <summary>
    /// Sets a per-cell linear model to the exact least-squares fit over the training samples
    /// (<see cref="Evaluation.LinearBaselineFitter"/>), records it as epoch 0 and saves it as the best so far.
    /// </summary>
    private static TrainingState StartFromLeastSquares(TransferModel model, ICycleArchive archive, SampleSource samples, IReadOnlyList<CycleId> trainCycles,
        IReadOnlyList<CycleId> validCycles, TrainingOptions options, TrainingState state, List<EpochRecord> history)
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

        double trainLoss = Evaluate(model, samples, trainCycles, options);
        double validLoss = Evaluate(model, samples, validCycles, options);
        history.Add(new EpochRecord(0, trainLoss, validLoss, state.LearningRate, clock.Elapsed.TotalSeconds));
        model.Save(options.OutputDirectory);
        return state with { BestValidationLoss = validLoss, BestEpoch = 0, History = history.ToArray() };
    }

    /// <summary>Mean loss of a model over cycles (standardised units), no gradients.</summary>
    internal static double Evaluate(TransferModel model, SampleSource samples, IReadOnlyList<CycleId> cycles, TrainingOptions options)
    {
        model.Network.eval();
        double total = 0;
        long count = 0;
        using (no_grad())
        {
            foreach (var batch in samples.Batches(cycles.SelectMany(c => Enumerable.Range(0, options.Leads.Count).Select(l => (c, l))), options.BatchSize))
            {
                using IDisposable scope = NewDisposeScope();
                Tensor loss = Loss(model.Network.call(batch.Inputs), batch.Target, options.Loss);
                total += loss.item<float>() * batch.Count;
                count += batch.Count;
            }
        }

        return total / count;
    }

    private static double TrainEpoch(TransferModel model, TorchSharp.Modules.AdamW optimizer, SampleSource samples, IReadOnlyList<CycleId> cycles,
        TrainingOptions options, int epoch, double learningRate, IProgress<TrainingProgress>? progress, Stopwatch clock, int epochsDone,
        CancellationToken cancellationToken)
    {
        model.Network.train();
        (CycleId Cycle, int Lead)[] order = Shuffle(cycles, options, epoch);
        int batches = (order.Length + options.BatchSize - 1) / options.BatchSize, done = 0;
        double total = 0;
        long count = 0;
        foreach (var batch in samples.Batches(order, options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using IDisposable scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = Loss(model.Network.call(batch.Inputs), batch.Target, options.Loss);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
            {
                // Before the step: the weights and the last checkpoint stay as they were.
                throw new TrainingDivergedException($"Training stopped at epoch {epoch}, batch {done + 1} of {batches}: the loss is {value}. {Cause(batch)}");
            }

            loss.backward();
            optimizer.step();
            total += value * batch.Count;
            count += batch.Count;
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

    /// <summary>Why a loss is not finite: missing values in the batch's data, or (when the data are finite) divergence.</summary>
    private static string Cause(SampleSource.Batch batch)
    {
        long inputs = batch.Inputs.isfinite().logical_not().sum().item<long>(), target = batch.Target.isfinite().logical_not().sum().item<long>();
        return inputs + target > 0
            ? $"The batch holds {inputs} non-finite input value(s) and {target} non-finite target value(s) (missing cells, after standardisation); train on periods with complete fields."
            : "The data are finite, so the optimisation diverged: lower the learning rate.";
    }

    private static Tensor Loss(Tensor prediction, Tensor target, LossKind kind) =>
        kind == LossKind.Mse ? nn.functional.mse_loss(prediction, target) : nn.functional.l1_loss(prediction, target);

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

    private static (CycleId, int)[] Shuffle(IReadOnlyList<CycleId> cycles, TrainingOptions options, int epoch)
    {
        var order = cycles.SelectMany(c => Enumerable.Range(0, options.Leads.Count).Select(l => (c, l))).ToArray();
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
        GridSpec grid = archive.Read(trainCycles[0], [VariableId.Parse(options.Target, VariableCatalog.Default)]).Grid;
        (PaddingMode latitude, PaddingMode longitude) = ModelSpec.PaddingFor(grid);
        return new ModelSpec
        {
            Name = Path.GetFileName(Path.GetFullPath(options.OutputDirectory).TrimEnd(Path.DirectorySeparatorChar)),
            Target = options.Target,
            Inputs = options.Inputs,
            Architecture = options.Architecture,
            Width = options.Width,
            Depth = options.Depth,
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

    private static void WriteProvenance(ICycleArchive archive, TrainingOptions options, TrainingState state, int trainCycles, int validCycles)
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
