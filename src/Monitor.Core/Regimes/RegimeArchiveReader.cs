using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Regimes;

/// <summary>
/// Reads the analyses (lead 0) of one variable from every complete cycle of an archive (inbox layout, e.g. written by
/// <c>v2vmonitor generate</c>), cut to a domain: the states a regime model is fitted on. Reads one cycle at a time and
/// keeps only the domain's cells.
/// </summary>
public static class RegimeArchiveReader
{
    /// <summary>The analyses of <paramref name="variable"/> in <paramref name="domain"/>, oldest first, and the land-sea mask of the domain when the archive has static fields.</summary>
    /// <exception cref="CycleDataException">A cycle lacks lead 0, has another grid, or holds missing values (cycle and variable named).</exception>
    public static (RegimeSample Sample, float[]? LandFraction) ReadAnalyses(ICycleArchive cycles, VariableId variable, RegimeDomain domain,
        TimePeriod? period = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(domain);
        IReadOnlyList<CycleId> ids = cycles.CyclesIn(period ?? new TimePeriod(DateTime.MinValue, DateTime.MaxValue));
        if (ids.Count == 0)
        {
            throw new ArgumentException($"--archive {cycles.Location} holds no complete cycle{(period is null ? "" : $" in {period}")}.");
        }

        GridSpec? grid = null;
        RegimeSelection? selection = null;
        float[]? land = null;
        var times = new List<DateTime>();
        var fields = new List<float[]>();
        string name = variable.ToString();
        foreach (CycleId id in ids)
        {
            string where = $"{cycles.Location}, cycle {id}";
            CycleData data = cycles.Read(id, [variable]);
            int lead = data.LeadHours.ToList().IndexOf(0);
            if (lead < 0)
            {
                throw new CycleDataException(where, name, $"cycle {id} has no lead 0 (analysis); leads are {string.Join(", ", data.LeadHours)} h.");
            }

            if (grid is null)
            {
                grid = data.Grid;
                selection = domain.Select(grid);
                land = data.Statics is null ? null : selection.Extract(data.Statics.LandSeaMask);
            }
            else if (!grid.Matches(data.Grid))
            {
                throw new CycleDataException(where, name, $"grid {data.Grid} differs from the archive's first cycle ({grid}).");
            }

            float[] field = selection!.Extract(data.Field(lead, data.IndexOf(variable)));
            int bad = Array.FindIndex(field, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new CycleDataException(where, name, $"missing or non-finite value at lead 0 in domain cell {bad}.");
            }

            times.Add(id.InitTime);
            fields.Add(field);
            progress?.Report(times.Count);
        }

        string units = VariableCatalog.Default.TryResolve(variable.Name, out VariableAlias? alias) ? alias.Variable.Units : "1";
        return (new RegimeSample(name, units, domain, grid!, selection!.Grid, times, fields), land);
    }

    /// <summary>Reads every lead of the model's variable from one cycle folder, cut to the model's domain.</summary>
    /// <exception cref="CycleDataException">The cycle's grid is not the model's source grid, or it holds missing values.</exception>
    public static (CycleId Cycle, int[] LeadHours, float[][] Fields) ReadCycle(string cycleFolder, RegimeModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (!CycleFolder.TryParse(cycleFolder, out CycleId cycle))
        {
            throw new DirectoryNotFoundException($"--cycle {cycleFolder}: not a cycle folder named yyyyMMddHH.");
        }

        VariableId variable = VariableId.Parse(info.Variable, VariableCatalog.Default);
        CycleData data = new CycleAssembler().Assemble(cycle, CycleFolder.DataFiles(cycleFolder), [variable]).Data;
        if (!info.SourceGrid.Matches(data.Grid))
        {
            throw new CycleDataException(cycleFolder, info.Variable, $"grid {data.Grid} is not the regime model's grid {info.SourceGrid}.");
        }

        RegimeSelection selection = info.Domain.Select(data.Grid);
        int v = data.IndexOf(variable);
        var fields = new float[data.LeadHours.Count][];
        for (int l = 0; l < fields.Length; l++)
        {
            fields[l] = selection.Extract(data.Field(l, v));
            int bad = Array.FindIndex(fields[l], x => !float.IsFinite(x));
            if (bad >= 0)
            {
                throw new CycleDataException(cycleFolder, info.Variable, $"missing or non-finite value at +{data.LeadHours[l]} h in domain cell {bad}.");
            }
        }

        return (cycle, [.. data.LeadHours], fields);
    }
}
