using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Evaluation;
using Monitor.Core.Transfer.Training;

namespace Monitor.Core.Tests.Transfer;

/// <summary>
/// Training, standardisation, the linear baseline and evaluation on an archive with missing cells and missing steps,
/// written by ncgen (<see cref="MissingDataArchive"/>); every expectation is computed here from the values as written.
/// </summary>
[Collection(SeededWeightsGroup.Name)]
public sealed class MissingDataTests : IDisposable
{
    private static readonly TimePeriod TrainPeriod = TimePeriod.Parse("2025-01-01..2025-01-04");
    private static readonly TimePeriod ValidPeriod = TimePeriod.Parse("2025-01-05..2025-01-06");
    private static readonly int[] TrainSteps = [.. Enumerable.Range(0, 16)], ValidSteps = [.. Enumerable.Range(16, 8)];

    private readonly TemporaryDirectory _dir = new();
    private readonly TemporaryDirectory _out = new();

    public void Dispose()
    {
        _dir.Dispose();
        _out.Dispose();
    }

    [Fact]
    public void Standardisation_SkipsMissingCellsAndTheEmptyStep_AndEqualsTheNanSkippingReference()
    {
        MissingDataArchive written = MissingDataArchive.Write(_dir);
        using var archive = new ManifestArchive(written.Manifest);

        IReadOnlyDictionary<string, Standardisation> estimated = StandardisationEstimator.Estimate(archive, archive.CyclesIn(TrainPeriod), ["tcc", "u10", "t2m"]);

        // The empty t2m step cannot be read as a sample, so none of its variables counts.
        int[] used = [.. TrainSteps.Where(s => s != MissingDataArchive.EmptyT2mStep)];
        foreach ((string name, double[][] values) in new[] { ("t2m", written.T2m), ("tcc", written.Tcc), ("u10", written.U10) })
        {
            double[] valid = [.. used.SelectMany(s => values[s]).Where(v => !double.IsNaN(v))];
            double mean = valid.Average();
            double std = Math.Sqrt(valid.Sum(v => (v - mean) * (v - mean)) / valid.Length);
            Standardisation s = estimated[name];
            Assert.Equal(mean, s.Mean[0], 9);
            Assert.Equal(std, s.StandardDeviation[0], 9);
            Assert.Equal(valid.Length, s.Count);
            Assert.Equal((used.Length * MissingDataArchive.Cells) - valid.Length, s.MissingCount);
        }

        // 15 steps × (one corner + one random hole, sometimes the same cell) for t2m; 15 × 2 corners for tcc.
        Assert.InRange(estimated["t2m"].MissingCount!.Value, 16, 30);
        Assert.Equal(30, estimated["tcc"].MissingCount);
    }

    [Fact]
    public void Train_WithMissingCellsAndSteps_TrainsOnFiniteLosses_SkipsAndRecordsTheIncompleteSteps()
    {
        MissingDataArchive written = MissingDataArchive.Write(_dir);
        var reports = new List<TrainingProgress>();

        TrainingResult result = Trainer.Train(Options(written, "resnet"), new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.All(result.History, e => Assert.True(double.IsFinite(e.TrainingLoss) && double.IsFinite(e.ValidationLoss) && e.TrainingLoss > 0, $"epoch {e.Epoch}: {e.TrainingLoss}, {e.ValidationLoss}"));
        Assert.Equal(2, result.Skipped.Count);
        Assert.Equal([MissingDataArchive.Time(MissingDataArchive.EmptyT2mStep), MissingDataArchive.Time(MissingDataArchive.AbsentU10Step)],
            result.Skipped.First.Select(s => s.Cycle.InitTime));
        Assert.Contains("every value of", result.Skipped.First[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'u10'", result.Skipped.First[1].Reason, StringComparison.Ordinal);
        Assert.Equal(TrainSteps.Length - 1, result.TrainingSamples);

        // Reported before the first epoch, and kept in model.json.
        Assert.Same(result.Skipped, reports[0].Skipped);
        Assert.Contains("2 sample(s) skipped for missing data", reports[0].Skipped!.Describe(), StringComparison.Ordinal);
        using TransferModel model = TransferModel.Load(result.ModelDirectory);
        Assert.Equal("2", model.Spec.Provenance["skippedSamples"]);
        Assert.Contains("2025-01-02 06:00 UTC +0 h", model.Spec.Provenance["firstSkipped"], StringComparison.Ordinal);
        Assert.Contains("2025-01-05 12:00 UTC +0 h", model.Spec.Provenance["firstSkipped"], StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_IsTheMeanOverCellsWithTheTargetAndEveryInput_AsComputedFromPredictions()
    {
        MissingDataArchive written = MissingDataArchive.Write(_dir);
        TrainingOptions options = Options(written, "masked");
        TrainingResult result = Trainer.Train(options);
        using TransferModel model = TransferModel.Load(result.ModelDirectory);
        using var archive = new ManifestArchive(written.Manifest);
        var samples = new SampleSource(archive, model, options.Leads);
        var skipped = new SkippedSamples();

        double loss = Trainer.Evaluate(model, samples, samples.Usable(archive.CyclesIn(ValidPeriod), skipped), options);

        // Reference: L1 of the standardised prediction (NaN where an input is missing) against the standardised target.
        Standardisation t2m = model.Spec.Standardisation["t2m"];
        double sum = 0;
        long cells = 0;
        foreach (int step in ValidSteps.Where(s => s != MissingDataArchive.AbsentU10Step))
        {
            CycleData data = archive.Read(new CycleId(MissingDataArchive.Time(step)), [new("tcc"), new("u10")]);
            float[] predicted = model.Predict(data);
            for (int cell = 0; cell < MissingDataArchive.Cells; cell++)
            {
                double target = written.T2m[step][cell];
                if (!double.IsNaN(target) && !float.IsNaN(predicted[cell]))
                {
                    sum += Math.Abs((predicted[cell] - target) / t2m.StandardDeviation[0]);
                    cells++;
                }
            }
        }

        int expectedCells = ValidSteps.Where(s => s != MissingDataArchive.AbsentU10Step)
            .Sum(s => Enumerable.Range(0, MissingDataArchive.Cells).Count(c => !double.IsNaN(written.T2m[s][c]) && !double.IsNaN(written.Tcc[s][c])));
        Assert.Equal(expectedCells, cells);
        Assert.Equal(sum / cells, loss, 4);
        Assert.Equal(1, skipped.Count);
    }

    [Fact]
    public void LinearBaselineAndEvaluation_SkipMissingCellsAndSteps_AndCountThem()
    {
        MissingDataArchive written = MissingDataArchive.Write(_dir);
        using var archive = new ManifestArchive(written.Manifest);
        ModelSpec spec = new()
        {
            Name = "linear-missing",
            Target = "t2m",
            Inputs = ["tcc", "u10"],
            Architecture = Architecture.Linear,
            Grid = archive.Grid,
            Standardisation = StandardisationEstimator.Estimate(archive, archive.CyclesIn(TrainPeriod), ["tcc", "u10", "t2m"]),
            Provenance = new Dictionary<string, string> { ["trainPeriod"] = TrainPeriod.ToString(), ["leads"] = "0" },
        };
        var fitSkipped = new SkippedSamples();
        using TransferModel linear = LinearBaselineFitter.Fit(spec, archive, archive.CyclesIn(TrainPeriod), [0], fitSkipped);
        using EvaluationBaselines baselines = EvaluationBaselines.Fit(spec, archive);

        EvaluationReport report = Evaluator.Evaluate(linear, archive, ValidPeriod, baselines);

        // t2m is exactly linear in tcc and u10 wherever all three are present: the fit over the complete cells recovers it.
        int[] evaluated = [.. ValidSteps.Where(s => s != MissingDataArchive.AbsentU10Step)];
        long complete = evaluated.Sum(s => Enumerable.Range(0, MissingDataArchive.Cells).Count(c => !double.IsNaN(written.T2m[s][c]) && !double.IsNaN(written.Tcc[s][c])));
        foreach (string key in new[] { Evaluator.ModelKey, Evaluator.LinearKey })
        {
            SkillScores scores = report.Overall[key];
            Assert.True(scores.Rmse < 1e-3, $"{key} RMSE {scores.Rmse}");
            Assert.Equal(complete, scores.Count);
            Assert.Equal((evaluated.Length * MissingDataArchive.Cells) - complete, scores.Missing);
        }

        // Climatology: per hour, a cell counts where the reference and some training value of that hour are present.
        long climatologyCells = evaluated.Sum(s => Enumerable.Range(0, MissingDataArchive.Cells).Count(c => !double.IsNaN(written.T2m[s][c]) &&
            TrainSteps.Any(t => t % 4 == s % 4 && !double.IsNaN(written.T2m[t][c]))));
        Assert.Equal(climatologyCells, report.Overall[Evaluator.ClimatologyKey].Count);
        Assert.Equal(evaluated.Length, report.Cycles);
        Assert.Equal(1, report.SkippedCycles);
        Assert.Contains("2025-01-05 12:00 UTC (every lead)", report.FirstSkipped[0], StringComparison.Ordinal);
        Assert.Equal(1, fitSkipped.Count);
        Assert.Equal(MissingDataArchive.Time(MissingDataArchive.EmptyT2mStep), fitSkipped.First[0].Cycle.InitTime);
        Assert.Equal(1, baselines.Skipped.Count);
    }

    [Fact]
    public void InfiniteInput_StopsTrainingBeforeTheFirstEpoch_NamingSampleVariableAndCause()
    {
        MissingDataArchive written = MissingDataArchive.Write(_dir, infiniteTcc: true);
        TrainingOptions options = Options(written, "infinite");

        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(options));

        Assert.Contains("Training stopped before epoch 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("input 'tcc' of 2025010112 +0 h holds 1 infinite value(s)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(options.OutputDirectory, TransferModel.WeightsFileName)));
    }

    private TrainingOptions Options(MissingDataArchive written, string name) => new()
    {
        Archive = written.Manifest,
        Target = "t2m",
        Inputs = ["tcc", "u10"],
        Architecture = Architecture.ResNet,
        Width = 4,
        Blocks = 1,
        TrainPeriod = TrainPeriod,
        ValidPeriod = ValidPeriod,
        BatchSize = 4,
        MaxEpochs = 2,
        Seed = 3,
        OutputDirectory = _out.File(name),
    };

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
