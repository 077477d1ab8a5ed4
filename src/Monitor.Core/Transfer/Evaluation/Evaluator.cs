using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Transfer.Evaluation;

/// <summary>
/// Scores a transfer model against the forecast's own target field over a period, beside two baselines fitted on the
/// model's training period (from its provenance): the exact per-cell linear regression and the per-cell, per-hour
/// climatology. Scores overall, per lead and per valid hour of day (UTC), over the cells where the reference and the
/// prediction are present (a model predicts NaN where an input is missing); missing cells are counted
/// (<see cref="SkillScores.Missing"/>), and cycles lacking a variable at a lead are skipped and counted.
/// </summary>
public static class Evaluator
{
    /// <summary>Names of the predictors in a report.</summary>
    public const string ModelKey = "model", LinearKey = "linear", ClimatologyKey = "climatology";

    /// <summary>Evaluates; <paramref name="inputAtMean"/> replaces one input by its mean (for ablation).</summary>
    public static EvaluationReport Evaluate(TransferModel model, ICycleArchive archive, TimePeriod period, EvaluationBaselines baselines,
        string? inputAtMean = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(period);
        (TimePeriod trainPeriod, _) = TrainingSetup(model.Spec);
        if (trainPeriod.Overlaps(period))
        {
            throw new ArgumentException($"Evaluation period {period} overlaps the model's training period {trainPeriod}: scores would be optimistic.");
        }

        IReadOnlyList<CycleId> cycles = archive.CyclesIn(period);
        if (cycles.Count == 0)
        {
            throw new ArgumentException($"Archive {archive.Location} has no complete cycle in {period}.");
        }

        ClimatologyBaseline climatology = baselines.Climatology;
        TransferModel linear = baselines.Linear;
        var overall = NewSet();
        var byLead = new SortedDictionary<int, Dictionary<string, SkillAccumulator>>();
        var byHour = new SortedDictionary<int, Dictionary<string, SkillAccumulator>>();
        VariableId target = VariableId.Parse(model.Spec.Target, VariableCatalog.Default);
        IReadOnlyList<VariableId> variables = model.Spec.TimeDependentVariables();
        int done = 0;
        var skipped = new SkippedSamples();
        foreach (CycleId cycle in cycles)
        {
            if (skipped.Read(archive, cycle, variables, leads: null) is not CycleData data)
            {
                progress?.Report(++done);
                continue;
            }

            float[] predicted = model.Predict(data, inputAtMean: inputAtMean);
            float[] linearPredicted = linear.Predict(data, inputAtMean: inputAtMean);
            int cells = data.Grid.CellCount, targetIndex = data.IndexOf(target);
            for (int l = 0; l < data.LeadHours.Count; l++)
            {
                ReadOnlySpan<float> reference = data.Field(l, targetIndex);
                DateTime valid = cycle.ValidTime(data.LeadHours[l]);
                ReadOnlySpan<float> m = predicted.AsSpan(l * cells, cells), lin = linearPredicted.AsSpan(l * cells, cells);
                ReadOnlySpan<float> clim = climatology.At(valid);
                foreach (var set in new[] { overall, Get(byLead, data.LeadHours[l]), Get(byHour, valid.Hour) })
                {
                    set[ModelKey].Add(m, reference);
                    set[LinearKey].Add(lin, reference);
                    set[ClimatologyKey].Add(clim, reference);
                }
            }

            progress?.Report(++done);
        }

        return new EvaluationReport(model.Spec.Name, model.Spec.Target, period.ToString(), cycles.Count - skipped.Count,
            $"the forecast's own {model.Spec.Target} field" + (inputAtMean is null ? "" : $"; input '{inputAtMean}' replaced by its training mean"),
            Scores(overall),
            byLead.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, SkillScores>)Scores(kv.Value)),
            byHour.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, SkillScores>)Scores(kv.Value)),
            skipped.Count, skipped.First.Select(s => s.ToString()).ToArray());
    }

    /// <summary>The training period and leads recorded in a model's provenance.</summary>
    public static (TimePeriod Period, int[] Leads) TrainingSetup(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Provenance.TryGetValue("trainPeriod", out string? period) || !spec.Provenance.TryGetValue("leads", out string? leads))
        {
            throw new InvalidModelSpecException(spec.Name, ["no training period or leads in the provenance: baselines need them (train the model with v2vmonitor train)"]);
        }

        return (TimePeriod.Parse(period), leads.Split(',').Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    private static Dictionary<string, SkillAccumulator> NewSet() => new()
    {
        [ModelKey] = new SkillAccumulator(),
        [LinearKey] = new SkillAccumulator(),
        [ClimatologyKey] = new SkillAccumulator(),
    };

    private static Dictionary<string, SkillAccumulator> Get(SortedDictionary<int, Dictionary<string, SkillAccumulator>> sets, int key)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            set = NewSet();
            sets[key] = set;
        }

        return set;
    }

    private static Dictionary<string, SkillScores> Scores(Dictionary<string, SkillAccumulator> set) =>
        set.ToDictionary(kv => kv.Key, kv => kv.Value.Scores());
}
