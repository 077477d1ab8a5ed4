using System.Diagnostics;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Regimes;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// Runs the stages of one cycle (docs/architecture.md): read and derive, predict every lead with every model,
/// consistency with the forecast's own target, extremes against the climatology (linked to the previous cycle's),
/// Layer-wise Relevance Propagation on every extreme, watch and disagreement region (K at a time on one kept forward
/// pass per lead), summaries and pattern assignment, regimes with state-map placement and analogues. Pure: it reads
/// the cycle's files and returns a <see cref="CycleReport"/>; writing is the caller's.
/// </summary>
public sealed class CycleProcessor
{
    private readonly MonitorResources _resources;
    private readonly CycleProcessorOptions _options;

    /// <summary>A processor over loaded resources (the caller keeps and disposes them).</summary>
    public CycleProcessor(MonitorResources resources, CycleProcessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ExplanationBatch);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegionsPerLead);
        if (options.ExplanationReference is not (ReferenceKind.Climatology or ReferenceKind.TrainingMean or ReferenceKind.None))
        {
            throw new ArgumentException($"Cycles are explained relative to the climatology, the training mean or nothing, not {options.ExplanationReference}.", nameof(options));
        }

        if (options.ExplanationReference == ReferenceKind.Climatology)
        {
            CheckClimatologyHoldsInputs(resources);
        }

        CheckRelevanceClimatologies(resources, options.ExplanationReference);
        _resources = resources;
        _options = options;
    }

    /// <summary>
    /// A relevance climatology scores explanations only if it was built the way the service explains: the same reference
    /// state and method (composite); throws <see cref="InvalidDataException"/> naming the file and both settings.
    /// </summary>
    private static void CheckRelevanceClimatologies(MonitorResources resources, ReferenceKind reference)
    {
        string referenceName = new ReferenceState(reference, "", null, 0).Name;
        foreach (MonitoredModel model in resources.Models)
        {
            if (model.RelevanceClimatology is { } climatology
                && (climatology.Info.Reference != referenceName || climatology.Info.Method != model.Explainer.MethodDescription))
            {
                throw new InvalidDataException(
                    $"The relevance climatology {model.RelevanceClimatologyPath} holds explanations by {climatology.Info.Method} against {climatology.Info.Reference}; "
                    + $"the service explains by {model.Explainer.MethodDescription} against {referenceName} (Monitor:Composite, Monitor:ExplanationReference). "
                    + "Rebuild it with 'v2vmonitor climatology relevance' and the service's settings.");
            }
        }
    }

    /// <summary>The state every explanation is measured from.</summary>
    public ReferenceKind ExplanationReference => _options.ExplanationReference;

    /// <summary>
    /// Explanations relative to the climatology need its mean of every time-dependent input of every model; throws
    /// <see cref="InvalidDataException"/> naming what is missing (at start, not at the first cycle).
    /// </summary>
    private static void CheckClimatologyHoldsInputs(MonitorResources resources)
    {
        if (resources.Climatology is not PercentileClimatology climatology)
        {
            throw new InvalidDataException("Explanations are measured from the climatology, but no climatology is configured.");
        }

        var missing = resources.Models
            .Select(m => (m.Model.Spec.Name, Missing: m.Model.Spec.TimeDependentInputs().Except(climatology.Variables).ToList()))
            .Where(m => m.Missing.Count > 0)
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"Explanations are measured from the climatology in {climatology.Location}, which has no "
                + string.Join("; ", missing.Select(m => $"{string.Join(", ", m.Missing)} (inputs of model {m.Name})"))
                + $"; rebuild it with 'v2vmonitor climatology build --variables {string.Join(",", climatology.Variables.Concat(missing.SelectMany(m => m.Missing)).Distinct())}', "
                + "or explain against the training mean.");
        }
    }

    /// <summary>Processes <paramref name="cycle"/> from <paramref name="files"/>.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <param name="files">Its data files.</param>
    /// <param name="previous">The previous cycle's extremes (to link tracks), or null.</param>
    /// <param name="cancellationToken">Checked between stages, leads and batches.</param>
    /// <exception cref="IncompleteCycleException">A model's input is missing at some lead.</exception>
    /// <exception cref="Formats.DataFileException">A file is unreadable or on another grid.</exception>
    /// <exception cref="InvalidModelSpecException">The cycle is on another grid than a model.</exception>
    public CycleReport Process(CycleId cycle, IReadOnlyList<string> files, CycleExtremes? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var stages = new List<StageTiming>();
        var notes = new List<string>();
        var clock = Stopwatch.StartNew();
        void Stage(string name)
        {
            stages.Add(new StageTiming(name, clock.Elapsed.TotalSeconds));
            clock.Restart();
            cancellationToken.ThrowIfCancellationRequested();
        }

        CycleData data = Read(cycle, files);
        Stage("read");

        var predictions = _resources.Models.Select(m => (Model: m, Prediction: CyclePrediction.Run(m.Model, data, cancellationToken))).ToList();
        Stage("predict");

        double[] areas = data.Grid.CellAreasKm2();
        var disagreements = new Dictionary<(string Model, int Lead), IReadOnlyList<int[]>>();
        var models = predictions.Select(p => Consistency(p.Model, p.Prediction, data, areas, disagreements)).ToList();
        Stage("consistency");

        IReadOnlyList<ExtremeRegion> extremes = Extremes(data, previous, notes);
        Stage("extremes");

        var explained = new List<ExplainedRegion>();
        (WatchRegion Region, bool[] Mask)[] watches = [.. _options.WatchRegions.Select(w => (w, w.Mask(data.Grid)))];
        foreach ((MonitoredModel model, CyclePrediction prediction) in predictions)
        {
            explained.AddRange(Explain(model, prediction, data, areas, watches, extremes, disagreements, notes, cancellationToken));
        }

        Stage("relevance");

        IReadOnlyList<RegimeLead> regimes = Regimes(data, notes);
        Stage("regimes");

        return new CycleReport(cycle.ToString(), cycle.InitTime, [.. data.LeadHours], data.Grid, models, extremes, explained, regimes,
            stages, notes, TorchRuntime.Kernels.Name);
    }

    /// <summary>
    /// Writes what <see cref="Process"/> learnt back to disk — the models' relevance climatologies with the cycle added —
    /// once its report is safely written (a cycle that failed before is re-run, and not added twice).
    /// </summary>
    public void SaveLearning() => _resources.SaveRelevanceClimatologies();

    /// <summary>
    /// Explains one region of a cycle again as <see cref="Process"/> did (the model's composite, the configured reference
    /// state), keeping its maps: for pictures of an alert.
    /// </summary>
    /// <exception cref="ArgumentException">No model is called <paramref name="model"/>.</exception>
    public RegionExplanation ExplainAgain(CycleData data, string model, RegionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        MonitoredModel monitored = ModelCalled(model);
        int leadIndex = data.LeadHours.ToList().IndexOf(request.LeadHours);
        return monitored.Explainer.Explain(data, request, ReferenceFor(monitored.Model.Spec, data, leadIndex), cancellationToken);
    }

    /// <summary>
    /// The forecast's own target and its climatological mean at a lead, as the unexplained departure uses them; null when
    /// either is unknown (the cycle lacks the target, the climatology lacks it, or the explanations are not measured from
    /// the climatology).
    /// </summary>
    /// <exception cref="ArgumentException">No model is called <paramref name="model"/>, or the cycle has no such lead.</exception>
    public (float[] Forecast, float[] ClimatologicalMean)? TargetAgainstClimatology(CycleData data, string model, int leadHours)
    {
        ArgumentNullException.ThrowIfNull(data);
        MonitoredModel monitored = ModelCalled(model);
        int leadIndex = data.LeadHours.ToList().IndexOf(leadHours);
        if (leadIndex < 0)
        {
            throw new ArgumentException($"Cycle {data.Cycle} has no lead +{leadHours} h.", nameof(leadHours));
        }

        TargetFields target = TargetFieldsOf(monitored, data, leadIndex);
        return target.Forecast is { } forecast && target.ClimatologicalMean is { } mean ? (forecast, mean) : null;
    }

    private MonitoredModel ModelCalled(string model) => _resources.Models.FirstOrDefault(m => m.Model.Spec.Name == model)
        ?? throw new ArgumentException($"No monitored model is called '{model}'.", nameof(model));

    /// <summary>The cycle's fields as <see cref="Process"/> reads them.</summary>
    public CycleData ReadCycle(CycleId cycle, IReadOnlyList<string> files) => Read(cycle, files);

    /// <summary>The monitored models.</summary>
    public IReadOnlyList<MonitoredModel> Models => _resources.Models;

    /// <summary>The configured watch regions.</summary>
    public IReadOnlyList<WatchRegion> WatchRegions => _options.WatchRegions;

    private CycleData Read(CycleId cycle, IReadOnlyList<string> files)
    {
        VariableId[] required = [.. _resources.Models.SelectMany(m => m.Model.Spec.TimeDependentInputs()).Distinct()];
        IEnumerable<VariableId> wanted = _resources.Models.Select(m => VariableId.Parse(m.Model.Spec.Target, VariableCatalog.Default))
            .Concat([WindSpeed.U, WindSpeed.V])
            .Concat(_options.ExtremeKinds.Select(k => k.Variable).Where(v => v != WindSpeed.Speed));
        if (_resources.Regimes is RegimeModel regimes)
        {
            wanted = wanted.Append(VariableId.Parse(regimes.Info.Variable, VariableCatalog.Default));
        }

        VariableId[] optional = [.. wanted.Distinct().Except(required)];
        return new CycleAssembler().Assemble(cycle, files, required, optional).Data;
    }

    private static ModelReport Consistency(MonitoredModel model, CyclePrediction prediction, CycleData data, double[] areas,
        Dictionary<(string Model, int Lead), IReadOnlyList<int[]>> disagreements)
    {
        ModelSpec spec = model.Model.Spec;
        GridSpec grid = data.Grid;
        int cells = grid.CellCount;
        VariableId target = VariableId.Parse(spec.Target, VariableCatalog.Default);
        var leads = new List<LeadSkill>();
        for (int l = 0; l < data.LeadHours.Count; l++)
        {
            LeadConsistency c = prediction.Leads[l];
            int count = 0;
            double area = 0;
            if (prediction.HasForecastTarget && model.RowThreshold is IReadOnlyList<double> threshold)
            {
                ReadOnlySpan<float> predicted = prediction.Predicted.AsSpan(l * cells, cells);
                ReadOnlySpan<float> forecast = data.Field(l, data.IndexOf(target));
                var mask = new bool[cells];
                for (int i = 0; i < cells; i++)
                {
                    int row = i / grid.LongitudeCount;
                    if (Math.Abs(predicted[i] - forecast[i]) > threshold[row])
                    {
                        mask[i] = true;
                        count++;
                        area += areas[row];
                    }
                }

                if (count > 0)
                {
                    disagreements[(spec.Name, data.LeadHours[l])] = RegionFinder.Find(grid, mask, new RegionOptions { MinimumAreaKm2 = 0 });
                }
            }

            leads.Add(new LeadSkill(c.LeadHours, data.Cycle.ValidTime(c.LeadHours), c.PredictedMean, c.ForecastMean, c.Rmse, c.Bias, count, area));
        }

        double? meanThreshold = model.RowThreshold is IReadOnlyList<double> t ? t.Average() : null;
        return new ModelReport(spec.Name, spec.Target, UnitsOf(spec.Target), prediction.HasForecastTarget, meanThreshold, leads);
    }

    private IReadOnlyList<ExtremeRegion> Extremes(CycleData data, CycleExtremes? previous, List<string> notes)
    {
        if (_resources.Climatology is not PercentileClimatology climatology)
        {
            notes.Add("no climatology configured: extremes not detected");
            return [];
        }

        var kinds = new List<ExtremeKind>();
        foreach (ExtremeKind kind in _options.ExtremeKinds)
        {
            bool inCycle = kind.Variable == WindSpeed.Speed
                ? data.Variables.Contains(WindSpeed.Speed) || (data.Variables.Contains(WindSpeed.U) && data.Variables.Contains(WindSpeed.V))
                : data.Variables.Contains(kind.Variable);
            if (!inCycle)
            {
                notes.Add($"the cycle has no {kind.Variable}: {kind.Name} extremes not detected");
            }
            else if (!climatology.Variables.Contains(kind.Variable))
            {
                notes.Add($"the climatology has no {kind.Variable}: {kind.Name} extremes not detected");
            }
            else
            {
                kinds.Add(kind);
            }
        }

        if (kinds.Count == 0)
        {
            return [];
        }

        CycleExtremes found = ExtremeDetector.Detect(data, climatology, kinds, _options.Regions);
        if (previous is null || !previous.Grid.Matches(data.Grid))
        {
            return found.Regions;
        }

        return ExtremeTracker.LinkToPreviousCycle(found.Regions, previous.Regions, previous.Cycle);
    }

    private List<ExplainedRegion> Explain(MonitoredModel model, CyclePrediction prediction, CycleData data, double[] areas,
        IReadOnlyList<(WatchRegion Region, bool[] Mask)> watches, IReadOnlyList<ExtremeRegion> extremes,
        Dictionary<(string Model, int Lead), IReadOnlyList<int[]>> disagreements, List<string> notes, CancellationToken cancellationToken)
    {
        ModelSpec spec = model.Model.Spec;
        GridSpec grid = data.Grid;
        var results = new List<ExplainedRegion>();
        var departures = new Dictionary<int, float[]>();
        for (int l = 0; l < data.LeadHours.Count; l++)
        {
            int lead = data.LeadHours[l];
            var regions = new List<(RegionRequest Request, RegionSource Source, string Slot, string Id)>();
            foreach ((WatchRegion watch, bool[] mask) in watches)
            {
                regions.Add((new RegionRequest(lead, mask, $"over {watch.Name} ({watch.Describe()})"), RegionSource.Watch, watch.Name, watch.Name));
            }

            var ranked = new List<(RegionRequest Request, RegionSource Source, string Slot, string Id, double Area)>();
            foreach (IGrouping<string, ExtremeRegion> kind in extremes.Where(r => r.LeadHours == lead && r.Variable == spec.Target).GroupBy(r => r.Kind))
            {
                int rank = 0;
                foreach (ExtremeRegion region in kind.OrderByDescending(r => r.AreaKm2).ThenBy(r => r.Id, StringComparer.Ordinal))
                {
                    rank++;
                    ranked.Add((new RegionRequest(lead, MaskOf(grid, region.Cells), $"over {region.Kind} region {region.Id} ({region.CellCount} cells)"),
                        RegionSource.Extreme, $"{region.Kind}-{rank}", region.Id, region.AreaKm2));
                }
            }

            if (disagreements.TryGetValue((spec.Name, lead), out IReadOnlyList<int[]>? areasOfDisagreement))
            {
                int rank = 0;
                foreach (int[] cells in areasOfDisagreement.OrderByDescending(c => c.Sum(i => areas[i / grid.LongitudeCount])))
                {
                    rank++;
                    ranked.Add((new RegionRequest(lead, MaskOf(grid, cells), $"over a disagreement area ({cells.Length} cells)", ExplainedQuantity.Error),
                        RegionSource.Disagreement, $"disagreement-{rank}", $"disagreement-{rank}", cells.Sum(i => areas[i / grid.LongitudeCount])));
                }
            }

            if (ranked.Count > _options.MaxRegionsPerLead)
            {
                notes.Add($"{spec.Name} +{lead} h: {ranked.Count} extreme and disagreement regions, the {_options.MaxRegionsPerLead} largest explained");
            }

            regions.AddRange(ranked.OrderByDescending(r => r.Area).Take(_options.MaxRegionsPerLead).Select(r => (r.Request, r.Source, r.Slot, r.Id)));
            var byRequest = regions.ToDictionary(r => r.Request);
            ReadOnlyMemory<float> predicted = prediction.Predicted.AsMemory(l * grid.CellCount, grid.CellCount);
            ReferenceState reference = ReferenceFor(spec, data, l);
            TargetFields target = TargetFieldsOf(model, data, l);
            // The lead's unexplained departure field and, against the relevance climatology as it stood before this cycle,
            // the same in usual standard deviations: once per lead, from the first explanation's reference prediction.
            float[]? departure = null, standardised = null;
            results.AddRange(model.Explainer.ExplainLead(data, lead, [.. regions.Select(r => r.Request)], reference, _options.ExplanationBatch,
                (request, summary, explanation, k) =>
                {
                    (_, RegionSource source, string slot, string id) = byRequest[request];
                    if (departure is null && target.Forecast is { } forecast && target.ClimatologicalMean is { } mean
                        && ReferencePredictionOf(spec, explanation, grid) is { } referencePrediction)
                    {
                        departure = RelevanceClimatology.Departure(forecast, mean, predicted.Span, referencePrediction);
                        standardised = StandardisedDeparture(model, lead, data.Cycle.ValidTime(lead), departure);
                    }

                    return Summarise(model, data, request, source, slot, id, summary, explanation, k, predicted.Span, target, standardised);
                },
                cancellationToken));
            if (departure is not null)
            {
                departures[l] = departure;
            }
        }

        return model.RelevanceClimatology is { } climatology ? ScoreAndLearn(model, climatology, data, results, departures, cancellationToken) : results;
    }

    /// <summary>The explanation's reference prediction in the target's units; null without a reference.</summary>
    private static float[]? ReferencePredictionOf(ModelSpec spec, Explanation explanation, GridSpec grid)
    {
        if (explanation.ReferenceOutput is not { } referenceOutput)
        {
            return null;
        }

        float[] referencePrediction = [.. referenceOutput];
        spec.Standardisation[spec.Target].Invert(referencePrediction, grid.LongitudeCount);
        return referencePrediction;
    }

    /// <summary>
    /// Scores every explained region against the model's relevance climatology as it stood before this cycle, then adds
    /// the cycle to it once (a re-run cycle is not added twice): the watch regions' explanations, and every location
    /// explained at the leads of <see cref="CycleProcessorOptions.RelevanceClimatologyLeads"/> — and every explained
    /// lead's unexplained departure field (<paramref name="departures"/>, by lead index).
    /// </summary>
    private List<ExplainedRegion> ScoreAndLearn(MonitoredModel model, RelevanceClimatology climatology, CycleData data, List<ExplainedRegion> explained,
        Dictionary<int, float[]> departures, CancellationToken cancellationToken)
    {
        lock (climatology)
        {
            List<ExplainedRegion> scored = [.. explained.Select(e => e with { Anomaly = climatology.Score(e) })];
            if (climatology.Includes(data.Cycle))
            {
                return scored;
            }

            foreach ((int leadIndex, float[] departure) in departures)
            {
                climatology.AddDeparture(data.LeadHours[leadIndex], data.ValidTimes[leadIndex], departure);
            }

            IReadOnlyList<string> inputs = model.Model.Spec.Inputs;
            var samples = new List<RelevanceSample>();
            foreach (ExplainedRegion watch in explained.Where(e => e.Source == RegionSource.Watch))
            {
                int location = climatology.LocationOf(watch);
                if (location >= 0 && !_options.RelevanceClimatologyLeads.Contains(watch.LeadHours) && RelevanceFeatures.Of(watch, inputs) is { } features)
                {
                    samples.Add(new RelevanceSample(location, watch.LeadHours, watch.ValidTime, features));
                }
            }

            var sampler = new RelevanceClimatologySampler(model.Explainer, inputs, _options.ExplanationBatch);
            samples.AddRange(sampler.Sample(climatology.Info, data, l => ReferenceFor(model.Model.Spec, data, l), _options.RelevanceClimatologyLeads, cancellationToken).Samples);
            foreach (RelevanceSample sample in samples)
            {
                climatology.Add(sample.Location, sample.LeadHours, sample.ValidTime, [.. sample.Features]);
            }

            climatology.MarkIncluded(data.Cycle);
            return scored;
        }
    }

    /// <summary>The reference state of lead <paramref name="leadIndex"/> that <see cref="CycleProcessorOptions.ExplanationReference"/> names.</summary>
    /// <exception cref="CycleDataException">The reference is the climatology and there is none, or it lacks an input of the model.</exception>
    private ReferenceState ReferenceFor(ModelSpec spec, CycleData data, int leadIndex) => _options.ExplanationReference switch
    {
        ReferenceKind.None => ReferenceState.None,
        ReferenceKind.TrainingMean => ReferenceState.TrainingMean,
        ReferenceKind.Climatology => _resources.Climatology is PercentileClimatology climatology
            ? ReferenceState.Climatology(climatology, spec, data, leadIndex)
            : throw new CycleDataException(data.Cycle.ToString(), null, "explanations are measured from the climatology, and no climatology is loaded."),
        ReferenceKind kind => throw new InvalidOperationException($"The service explains relative to the climatology, the training mean or nothing, not {kind}."),
    };

    /// <summary>
    /// What an explained region's departure is compared with, at one lead: the forecast's own target, the target's
    /// climatological mean (only when the explanations are measured from the climatology, so that both departures have
    /// the same origin) and the model's validation RMSE per latitude row, each null when unknown.
    /// </summary>
    private sealed record TargetFields(float[]? Forecast, float[]? ClimatologicalMean, IReadOnlyList<double>? RowRmse);

    private TargetFields TargetFieldsOf(MonitoredModel model, CycleData data, int leadIndex)
    {
        ModelSpec spec = model.Model.Spec;
        VariableId target = VariableId.Parse(spec.Target, VariableCatalog.Default);
        float[]? forecast = data.Variables.Contains(target) ? data.Field(leadIndex, data.IndexOf(target)).ToArray() : null;
        float[]? mean = null;
        if (_options.ExplanationReference == ReferenceKind.Climatology && _resources.Climatology is PercentileClimatology climatology
            && climatology.Variables.Contains(target) && climatology.Info(target).Grid.Matches(data.Grid))
        {
            mean = climatology.Field(target, ClimateStatistic.Mean, data.ValidTimes[leadIndex]);
        }

        return new TargetFields(forecast, mean, model.RowRmse);
    }

    /// <summary>A lead's unexplained departure in its cells' usual standard deviations; null without a relevance climatology or a slot for the lead.</summary>
    private static float[]? StandardisedDeparture(MonitoredModel model, int leadHours, DateTime validTime, float[] departure)
    {
        if (model.RelevanceClimatology is not { } climatology)
        {
            return null;
        }

        lock (climatology)
        {
            return climatology.StandardisedDeparture(leadHours, validTime, departure);
        }
    }

    private static ExplainedRegion Summarise(MonitoredModel model, CycleData data, RegionRequest request, RegionSource source, string slot, string id,
        RegionSummary summary, Explanation explanation, int selection, ReadOnlySpan<float> predicted, TargetFields target, float[]? standardised)
    {
        ModelSpec spec = model.Model.Spec;
        double sum = 0, referenceSum = 0;
        int cells = 0;
        float[]? referencePrediction = ReferencePredictionOf(spec, explanation, data.Grid);
        double forecastSum = 0, climatologySum = 0, rmseSum = 0;
        for (int i = 0; i < request.Mask.Length; i++)
        {
            if (request.Mask[i])
            {
                sum += predicted[i];
                referenceSum += referencePrediction?[i] ?? double.NaN;
                forecastSum += target.Forecast?[i] ?? double.NaN;
                climatologySum += target.ClimatologicalMean?[i] ?? double.NaN;
                rmseSum += target.RowRmse?[i / data.Grid.LongitudeCount] ?? double.NaN;
                cells++;
            }
        }

        // The region's usual unexplained departure, from the cycles before this one (the cycle is added after scoring), and
        // the most unusual core of this one's.
        RegionDepartureStatistics? usual = null;
        if (model.RelevanceClimatology is { } relevanceClimatology && target.ClimatologicalMean is not null)
        {
            lock (relevanceClimatology)
            {
                usual = relevanceClimatology.UsualDeparture(request.LeadHours, data.Cycle.ValidTime(request.LeadHours), request.Mask);
            }
        }

        UnexplainedCore? core = standardised is null ? null : UnexplainedCore.Of(data.Grid, standardised, request.Mask);

        PatternMatch? pattern = null;
        if (model.Patterns is RelevancePatternModel patterns)
        {
            float[][] maps = [.. Enumerable.Range(0, explanation.Channels).Select(c => explanation.Map(selection, c).ToArray())];
            RelevanceCase relevanceCase = RelevanceCase.FromSummary($"{data.Cycle}+{request.LeadHours}h {slot}", data.Grid, spec.Inputs, maps, summary, patterns.HalfWidth);
            PatternAssignment assignment = patterns.Assign(relevanceCase);
            pattern = new PatternMatch(assignment.Pattern, assignment.Name, assignment.Distance, assignment.TypicalDistance);
        }

        return new ExplainedRegion(
            spec.Name,
            spec.Target,
            request.LeadHours,
            data.Cycle.ValidTime(request.LeadHours),
            source,
            slot,
            id,
            summary.Explained,
            summary.RelativeTo,
            summary.Cells,
            summary.AreaKm2,
            summary.CentroidLatitude,
            summary.CentroidLongitude,
            cells == 0 ? double.NaN : sum / cells,
            cells == 0 ? double.NaN : referenceSum / cells,
            [.. summary.Variables.Select(v => new InputRelevance(v.Variable, v.Share, v.Sum, v.Absolute, v.Positive, v.Negative))],
            summary.Footprint.EastKm,
            summary.Footprint.NorthKm,
            summary.Footprint.MeanDistanceKm,
            summary.Footprint.WindRelation,
            summary.OutputRelevance,
            summary.InputRelevance,
            pattern,
            ForecastMean: cells == 0 ? double.NaN : forecastSum / cells,
            ClimatologicalMean: cells == 0 ? double.NaN : climatologySum / cells,
            ValidationRmse: cells == 0 ? double.NaN : rmseSum / cells,
            UsualUnexplained: usual,
            UnexplainedCore: core);
    }

    private List<RegimeLead> Regimes(CycleData data, List<string> notes)
    {
        if (_resources.Regimes is not RegimeModel model)
        {
            return [];
        }

        VariableId variable = VariableId.Parse(model.Info.Variable, VariableCatalog.Default);
        if (!data.Variables.Contains(variable))
        {
            notes.Add($"the cycle has no {variable}: regimes not assigned");
            return [];
        }

        if (!model.Info.SourceGrid.Matches(data.Grid))
        {
            notes.Add($"the regime model's grid {model.Info.SourceGrid} is not the cycle's {data.Grid}: regimes not assigned");
            return [];
        }

        RegimeSelection selection = model.Info.Domain.Select(data.Grid);
        int v = data.IndexOf(variable);
        IReadOnlyList<string> ids = model.Info.RegimeIds;
        var states = new List<RegimeState>();
        for (int l = 0; l < data.LeadHours.Count; l++)
        {
            float[] field = selection.Extract(data.Field(l, v));
            if (Array.Exists(field, x => !float.IsFinite(x)))
            {
                notes.Add($"{variable} has missing values at +{data.LeadHours[l]} h: regimes not assigned");
                return [];
            }

            states.Add(model.Evaluate(data.Cycle.ValidTime(data.LeadHours[l]), field));
        }

        double[,]? positions = _resources.Map is RegimeMap map && _resources.History is RegimeHistory history
            ? map.Place(history, [.. states.Select(s => s.Pcs)])
            : null;
        AnalogueFinder? analogues = _options.Analogues > 0 && _resources.History is RegimeHistory h && h.Entries.Count > 0 ? new AnalogueFinder(h) : null;
        var leads = new List<RegimeLead>();
        for (int l = 0; l < states.Count; l++)
        {
            RegimeState state = states[l];
            string label = state.Leading < 0 ? RegimeHistory.NoRegime : ids[state.Leading];
            string name = state.Leading < 0 ? "no regime" : model.Info.RegimeNames[state.Leading];
            AnalogueDay[] days = analogues is null ? []
                : [.. analogues.Find(state.Pcs, state.Time, _options.Analogues).Select(a => new AnalogueDay(a.Time, a.Distance, a.Label))];
            leads.Add(new RegimeLead(data.LeadHours[l], state.Time, label, name, ids[state.Cluster],
                ids.Select((id, r) => (id, r)).ToDictionary(x => x.id, x => state.Indices[x.r]), [.. state.Pcs.Take(3)],
                positions?[l, 0], positions?[l, 1], days));
        }

        return leads;
    }

    private static bool[] MaskOf(GridSpec grid, int[] cells)
    {
        var mask = new bool[grid.CellCount];
        foreach (int i in cells)
        {
            mask[i] = true;
        }

        return mask;
    }

    private static string UnitsOf(string variable) =>
        VariableCatalog.Default.TryResolve(variable, out VariableAlias? alias) ? alias.Variable.Units : "1";
}
