using System.Globalization;
using Microsoft.Extensions.Options;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Runtime;

namespace Monitor.Service.Options;

/// <summary>Checks section <c>Monitor</c> at start: every message names the key, the value and what is accepted.</summary>
public sealed class MonitorSettingsValidator : IValidateOptions<MonitorSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MonitorSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var c = CultureInfo.InvariantCulture;
        var failures = new List<string>();
        if (options.Models.Count == 0)
        {
            failures.Add("Monitor:Models is empty: name at least one model directory (from `v2vmonitor train`), e.g. V2V__Monitor__Models__0=data/models/t2m-unet.");
        }

        for (int i = 0; i < options.Models.Count; i++)
        {
            if (!File.Exists(Path.Combine(options.Models[i], "model.json")))
            {
                failures.Add($"Monitor:Models:{i} = '{options.Models[i]}' holds no model.json (a directory written by `v2vmonitor train`).");
            }
        }

        try
        {
            ComputeDevice.Parse(options.Device).EnsureAvailable("Monitor:Device");
        }
        catch (ArgumentException)
        {
            failures.Add($"Monitor:Device = '{options.Device}' is not a device: use {ComputeDevice.Accepted}.");
        }
        catch (NotSupportedException ex)
        {
            failures.Add(ex.Message);
        }

        if (!string.IsNullOrEmpty(options.Climatology) && !Directory.Exists(options.Climatology))
        {
            failures.Add($"Monitor:Climatology = '{options.Climatology}' does not exist (write it with `v2vmonitor climatology build`, or leave the key empty for no extremes).");
        }

        if (!string.IsNullOrEmpty(options.ClimatologyArchive))
        {
            if (string.IsNullOrEmpty(options.Climatology))
            {
                failures.Add("Monitor:ClimatologyArchive is set but Monitor:Climatology is not: there is no climatology to update.");
            }

            if (!Directory.Exists(options.ClimatologyArchive) && !File.Exists(options.ClimatologyArchive))
            {
                failures.Add($"Monitor:ClimatologyArchive = '{options.ClimatologyArchive}' does not exist (a cycle directory or a manifest).");
            }
        }

        if (!IsCron(options.ClimatologyUpdateCron))
        {
            failures.Add($"Monitor:ClimatologyUpdateCron = '{options.ClimatologyUpdateCron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 30 2 * * ?).");
        }

        if (!string.IsNullOrEmpty(options.Regimes) && !Directory.Exists(options.Regimes))
        {
            failures.Add($"Monitor:Regimes = '{options.Regimes}' does not exist (write it with `v2vmonitor regimes fit`, or leave the key empty for no regimes).");
        }

        try
        {
            CompositeCatalog.Resolve(options.Composite);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Monitor:Composite = '{options.Composite}': {ex.Message}");
        }

        if (options.ExplanationReference is not ("climatology" or "training-mean" or "none"))
        {
            failures.Add($"Monitor:ExplanationReference = '{options.ExplanationReference}' must be climatology, training-mean or none.");
        }
        else if (options.ExplanationReference == "climatology" && string.IsNullOrEmpty(options.Climatology))
        {
            failures.Add("Monitor:ExplanationReference = climatology (the default) needs Monitor:Climatology, a climatology of every model input; "
                + "or set Monitor:ExplanationReference to training-mean or none.");
        }

        try
        {
            ExtremeKind.Select(ExtremeKind.Defaults, options.ExtremeKinds);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Monitor:ExtremeKinds = '{options.ExtremeKinds}': {ex.Message}");
        }

        Range(failures, "Monitor:ExplanationBatch", options.ExplanationBatch, 1, 256);
        Range(failures, "Monitor:MaxRegionsPerLead", options.MaxRegionsPerLead, 0, 1000);
        Range(failures, "Monitor:Analogues", options.Analogues, 0, 50);
        Range(failures, "Monitor:AnomalyMinimumHistory", options.AnomalyMinimumHistory, 2, 100_000);
        if (!string.IsNullOrEmpty(options.RelevanceClimatology) && !Directory.Exists(options.RelevanceClimatology))
        {
            failures.Add($"Monitor:RelevanceClimatology = '{options.RelevanceClimatology}' is not a directory (build one with 'v2vmonitor climatology relevance --out DIR').");
        }

        if (options.RelevanceClimatologyLeads.FirstOrDefault(l => l < 0) is int negative && negative < 0)
        {
            failures.Add(string.Create(c, $"Monitor:RelevanceClimatologyLeads: lead {negative} h is negative."));
        }
        Range(failures, "Monitor:MaxAttempts", options.MaxAttempts, 1, 20);
        Range(failures, "Monitor:RetryDelaySeconds", options.RetryDelaySeconds, 1, 86_400);
        if (!(options.DisagreementFactor > 0) || !double.IsFinite(options.DisagreementFactor))
        {
            failures.Add(string.Create(c, $"Monitor:DisagreementFactor = {options.DisagreementFactor} must be a positive number (default 3)."));
        }

        if (!(options.MinimumAreaKm2 >= 0) || !double.IsFinite(options.MinimumAreaKm2))
        {
            failures.Add(string.Create(c, $"Monitor:MinimumAreaKm2 = {options.MinimumAreaKm2} must be ≥ 0 km²."));
        }

        if (!(options.MergeDistanceKm >= 0) || !double.IsFinite(options.MergeDistanceKm))
        {
            failures.Add(string.Create(c, $"Monitor:MergeDistanceKm = {options.MergeDistanceKm} must be ≥ 0 km."));
        }

        if (!(options.MinimumShiftOfTails >= 0) || !double.IsFinite(options.MinimumShiftOfTails))
        {
            failures.Add(string.Create(c, $"Monitor:MinimumShiftOfTails = {options.MinimumShiftOfTails} must be ≥ 0."));
        }

        for (int i = 0; i < options.WatchRegions.Count; i++)
        {
            var w = options.WatchRegions[i];
            if (string.IsNullOrEmpty(w.Name) || !w.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            {
                failures.Add($"Monitor:WatchRegions:{i}:Name = '{w.Name}' must be letters, digits, '-' or '_' (it is an InfluxDB tag).");
            }

            if (!(w.South >= -90 && w.South <= w.North && w.North <= 90))
            {
                failures.Add(string.Create(c, $"Monitor:WatchRegions:{i} ('{w.Name}'): South = {w.South}, North = {w.North} must satisfy −90 ≤ South ≤ North ≤ 90."));
            }

            if (!(w.West >= -180 && w.West <= 360 && w.East >= -180 && w.East <= 360))
            {
                failures.Add(string.Create(c, $"Monitor:WatchRegions:{i} ('{w.Name}'): West = {w.West}, East = {w.East} must lie in −180…360 °E."));
            }
        }

        if (options.WatchRegions.GroupBy(w => w.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            failures.Add($"Monitor:WatchRegions: the name '{duplicate.Key}' is used twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsCron(string expression)
    {
        try
        {
            _ = new Quartz.CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    internal static void Range(List<string> failures, string key, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} = {value} is outside {minimum}…{maximum}."));
        }
    }
}
