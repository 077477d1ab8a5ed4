using System.Diagnostics;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// Fills a relevance climatology from an archive (<c>v2vmonitor climatology relevance</c>): every cycle not yet included
/// is read, its locations explained (<see cref="RelevanceClimatologySampler"/>) and added with each explained lead's
/// unexplained departure (when the cycle has the target and its climatological mean is known), and the climatology handed to
/// <c>checkpoint</c> every few cycles and at the end, so an interrupted build resumes where its last checkpoint left off.
/// A cycle that cannot be read is skipped and named, not fatal.
/// </summary>
public static class RelevanceClimatologyBootstrap
{
    /// <summary>Adds the archive's <paramref name="cycles"/> to <paramref name="climatology"/>.</summary>
    /// <param name="climatology">The climatology (empty, or loaded to resume).</param>
    /// <param name="spec">The model's description (for reading its inputs).</param>
    /// <param name="sampler">Explains a cycle's locations.</param>
    /// <param name="archive">The archive.</param>
    /// <param name="cycles">The cycles to include, oldest first.</param>
    /// <param name="reference">The reference state of a cycle's lead index.</param>
    /// <param name="climatologicalTarget">The target's climatological mean at a cycle's lead index, target units, or null where
    /// unknown (then no unexplained departure is added).</param>
    /// <param name="checkpointEvery">Cycles between checkpoints.</param>
    /// <param name="checkpoint">Persists the climatology.</param>
    /// <param name="progress">One line per checkpoint and per skipped cycle.</param>
    /// <param name="cancellationToken">Checked between cycles and batches; the last checkpoint stays valid.</param>
    public static RelevanceClimatologyBuildResult Run(RelevanceClimatology climatology, ModelSpec spec, RelevanceClimatologySampler sampler,
        ICycleArchive archive, IReadOnlyList<CycleId> cycles, Func<CycleData, int, ReferenceState> reference,
        Func<CycleData, int, float[]?> climatologicalTarget, int checkpointEvery,
        Action<RelevanceClimatology> checkpoint, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(climatology);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(climatologicalTarget);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(checkpointEvery);
        var clock = Stopwatch.StartNew();
        var skipped = new List<string>();
        int alreadyIn = cycles.Count(climatology.Includes), added = 0, samples = 0, sinceCheckpoint = 0;
        List<CycleId> todo = [.. cycles.Where(c => !climatology.Includes(c))];
        foreach (CycleId cycle in todo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RelevanceCycleSample found;
            CycleData data;
            try
            {
                data = ModelCycleReader.Read(spec, archive, cycle);
                found = sampler.Sample(climatology.Info, data, l => reference(data, l), cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is CycleDataException or DataFileException or IncompleteCycleException)
            {
                skipped.Add($"{cycle}: {ex.Message}");
                progress?.Report($"skipped {cycle}: {ex.Message}");
                continue;
            }

            foreach (RelevanceSample sample in found.Samples)
            {
                climatology.Add(sample.Location, sample.LeadHours, sample.ValidTime, [.. sample.Features]);
            }

            AddDepartures(climatology, spec, data, found.Predictions, climatologicalTarget);
            climatology.MarkIncluded(cycle);
            (added, samples, sinceCheckpoint) = (added + 1, samples + found.Samples.Count, sinceCheckpoint + 1);
            if (sinceCheckpoint == checkpointEvery)
            {
                checkpoint(climatology);
                sinceCheckpoint = 0;
                progress?.Report(FormattableString.Invariant(
                    $"{alreadyIn + added}/{cycles.Count} cycles, {samples} explanations added, {clock.Elapsed.TotalSeconds / added:F2} s per cycle; checkpoint at {cycle}"));
            }
        }

        if (sinceCheckpoint > 0 || added == 0)
        {
            checkpoint(climatology);
        }

        return new RelevanceClimatologyBuildResult(alreadyIn, added, samples, skipped, clock.Elapsed);
    }

    private static void AddDepartures(RelevanceClimatology climatology, ModelSpec spec, CycleData data, IReadOnlyList<LeadPrediction> predictions,
        Func<CycleData, int, float[]?> climatologicalTarget)
    {
        VariableId target = VariableId.Parse(spec.Target, VariableCatalog.Default);
        if (!data.Variables.Contains(target))
        {
            return;
        }

        Standardisation scale = spec.Standardisation[spec.Target];
        foreach (LeadPrediction lead in predictions)
        {
            if (lead.ReferencePrediction is not { } reference || climatologicalTarget(data, lead.LeadIndex) is not { } mean)
            {
                continue;
            }

            float[] prediction = [.. lead.Prediction], referencePrediction = [.. reference];
            scale.Invert(prediction, data.Grid.LongitudeCount);
            scale.Invert(referencePrediction, data.Grid.LongitudeCount);
            climatology.AddDeparture(data.LeadHours[lead.LeadIndex], data.ValidTimes[lead.LeadIndex],
                RelevanceClimatology.Departure(data.Field(lead.LeadIndex, data.IndexOf(target)), mean, prediction, referencePrediction));
        }
    }
}
