using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Regions;

/// <summary>
/// The extremes of a forecast cycle: for every kind and lead, the regions beyond the kind's percentile of the
/// climatology at the lead's valid time (<see cref="RegionDetector"/>), tracked across leads
/// (<see cref="ExtremeTracker"/>). Wind speed <c>si10</c> is derived from u10/v10 when the cycle lacks it.
/// </summary>
public static class ExtremeDetector
{
    /// <summary>Detects the extremes of <paramref name="data"/>.</summary>
    /// <param name="data">The cycle.</param>
    /// <param name="climatology">The percentile climatology (same grid).</param>
    /// <param name="kinds">Kinds to look for.</param>
    /// <param name="options">Region options.</param>
    /// <param name="leadHours">Leads to scan; null for all.</param>
    /// <exception cref="CycleDataException">The cycle or the climatology lacks a kind's variable, or the climatology is on another grid.</exception>
    /// <exception cref="ArgumentException">A requested lead is not in the cycle.</exception>
    public static CycleExtremes Detect(CycleData data, PercentileClimatology climatology, IReadOnlyList<ExtremeKind> kinds, RegionOptions options,
        IReadOnlyList<int>? leadHours = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(climatology);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int[] unknown = leadHours is null ? [] : [.. leadHours.Where(l => !data.LeadHours.Contains(l))];
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"cycle {data.Cycle} has no lead +{unknown[0]} h (has {string.Join(", ", data.LeadHours)}).", nameof(leadHours));
        }

        int[] leads = leadHours is null ? [.. data.LeadHours] : [.. leadHours];
        var regions = new List<ExtremeRegion>();
        foreach (ExtremeKind kind in kinds)
        {
            ClimatologyVariableInfo info = climatology.Info(kind.Variable);
            if (!info.Grid.Matches(data.Grid))
            {
                throw new CycleDataException(info.FilePath, kind.Variable.ToString(),
                    $"the climatology's grid {info.Grid} differs from cycle {data.Cycle}'s grid {data.Grid}.");
            }

            foreach (int lead in leads)
            {
                DateTime valid = data.Cycle.ValidTime(lead);
                float[] values = FieldOf(data, kind.Variable, data.IndexOfLead(lead));
                regions.AddRange(RegionDetector.Detect(data.Grid, kind, values, ClimateFields.From(climatology, kind.Variable, valid), options, lead, valid, info.Units));
            }
        }

        return new CycleExtremes(data.Cycle.ToString(), data.Grid, climatology.Location, [.. kinds.Select(k => k.ToString())],
            options.MinimumAreaKm2, options.MergeDistanceKm, ExtremeTracker.AssignTracks(regions));
    }

    /// <summary>One field of the cycle; <c>si10</c> derived as √(u10² + v10²) when absent.</summary>
    public static float[] FieldOf(CycleData data, VariableId variable, int leadIndex)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Variables.Contains(variable))
        {
            return data.Field(leadIndex, data.IndexOf(variable)).ToArray();
        }

        if (variable == WindSpeed.Speed && data.Variables.Contains(WindSpeed.U) && data.Variables.Contains(WindSpeed.V))
        {
            var speed = new float[data.Grid.CellCount];
            WindSpeed.Derive(data.Field(leadIndex, data.IndexOf(WindSpeed.U)), data.Field(leadIndex, data.IndexOf(WindSpeed.V)), speed);
            return speed;
        }

        throw new CycleDataException($"cycle {data.Cycle}", variable == WindSpeed.Speed ? WindSpeed.Wanted : variable.ToString(),
            $"not found; the cycle has {string.Join(", ", data.Variables)}.");
    }
}
