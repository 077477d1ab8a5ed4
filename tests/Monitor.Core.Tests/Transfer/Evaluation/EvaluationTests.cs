using Monitor.Core.Cycles;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Evaluation;

namespace Monitor.Core.Tests.Transfer.Evaluation;

public sealed class EvaluationTests : IDisposable
{
    private static readonly DateTime From = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TemporaryDirectory _dir = new();

    public EvaluationTests()
    {
        LinearArchive.Write(_dir.Path, From, cycles: 40);   // 2025-01-01 00Z … 2025-01-10 18Z
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SkillAccumulator_MatchesLiteralFormulas()
    {
        var accumulator = new SkillAccumulator();
        accumulator.Add([1f, 2f, float.NaN, 4f], [1.5f, 1f, 3f, 5f]);

        SkillScores s = accumulator.Scores();

        // errors −0.5, +1, −1 (the NaN pair skipped); reference 1.5, 1, 5 with mean 2.5, SST = 1 + 2.25 + 6.25 = 9.5.
        Assert.Equal(3, s.Count);
        Assert.Equal(Math.Sqrt((0.25 + 1 + 1) / 3), s.Rmse, 12);
        Assert.Equal(2.5 / 3, s.Mae, 12);
        Assert.Equal(-0.5 / 3, s.Bias, 12);
        Assert.Equal(1 - (2.25 / 9.5), s.R2, 12);
    }

    [Fact]
    public void Solve_SmallSystem_MatchesKnownSolution()
    {
        double[] x = LinearBaselineFitter.Solve(new double[,] { { 4, 1, 0 }, { 1, 3, 1 }, { 0, 1, 2 } }, [6, 9.5, 7]);   // rows: 4+2, 1+6+2.5, 2+5

        Assert.Equal([1.0, 2.0, 2.5], x.Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void LinearBaseline_ExactlyLinearArchive_IsRecoveredAndScoresPerfectly()
    {
        using var archive = new CycleArchive(_dir.Path);
        using TransferModel model = Model();
        using EvaluationBaselines baselines = EvaluationBaselines.Fit(model.Spec, archive);

        EvaluationReport report = Evaluator.Evaluate(model, archive, TimePeriod.Parse("2025-01-08..2025-01-10"), baselines);

        Assert.Equal(12, report.Cycles);
        Assert.True(report.Overall[Evaluator.LinearKey].Rmse < 1e-3, $"linear RMSE {report.Overall[Evaluator.LinearKey].Rmse}");
        Assert.True(report.Overall[Evaluator.LinearKey].R2 > 0.999999);
        Assert.True(report.Overall[Evaluator.ClimatologyKey].Rmse > 1, "climatology cannot know the weather");
        Assert.Equal([0, 6], report.ByLead.Keys);
        Assert.Equal([0, 6, 12, 18], report.ByHourOfDay.Keys);
    }

    [Fact]
    public void Ablation_RanksTheStrongerInputFirst()
    {
        using var archive = new CycleArchive(_dir.Path);
        using EvaluationBaselines fitted = EvaluationBaselines.Fit(Spec(), archive);
        // Evaluate the exact linear fit itself as "the model": u10 (±10 m/s × 0.5 K) matters more than tcc (0–1 × 2–6 K).
        using TransferModel linear = LinearBaselineFitter.Fit(Spec(), archive, archive.CyclesIn(TimePeriod.Parse("2025-01-01..2025-01-07")), [0]);

        AblationReport report = Ablation.Run(linear, archive, TimePeriod.Parse("2025-01-08..2025-01-10"), fitted);

        Assert.Equal("u10", report.Ranking[0].Input);
        Assert.True(report.Ranking[1].RmseIncrease > 0.5, $"tcc matters too: {report.Ranking[1].RmseIncrease}");
        Assert.True(report.Full.Rmse < 1e-3);
    }

    [Fact]
    public void Evaluate_PeriodOverlappingTraining_Refused()
    {
        using var archive = new CycleArchive(_dir.Path);
        using TransferModel model = Model();
        using EvaluationBaselines baselines = EvaluationBaselines.Fit(model.Spec, archive);

        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            Evaluator.Evaluate(model, archive, TimePeriod.Parse("2025-01-05..2025-01-10"), baselines));

        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    private static TransferModel Model() => TransferModel.Create(Spec(), seed: 1);

    private static ModelSpec Spec() => new()
    {
        Name = "linear-test",
        Target = "t2m",
        Inputs = ["tcc", "u10"],
        Architecture = Architecture.Linear,
        Grid = LinearArchive.Grid,
        Standardisation = new Dictionary<string, Standardisation>
        {
            ["t2m"] = new([285.0], [5.0]),
            ["tcc"] = new([0.5], [0.3]),
            ["u10"] = new([0.0], [6.0]),
        },
        Provenance = new Dictionary<string, string> { ["trainPeriod"] = "2025-01-01T00:00..2025-01-07T23:59", ["leads"] = "0" },
    };
}
