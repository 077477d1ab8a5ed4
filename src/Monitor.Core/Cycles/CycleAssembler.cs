using Monitor.Core.Formats;
using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// Builds a <see cref="CycleData"/> from the files of one cycle — one file per step, per variable, or per both, in
/// netCDF or GRIB. Every field must be on the same grid and belong to the cycle; every requested variable must be
/// present at every lead. Fields are read one at a time into the block.
/// </summary>
public sealed class CycleAssembler
{
    private readonly VariableCatalog _catalog;

    /// <summary>Creates an assembler that orders variables by <paramref name="catalog"/>.</summary>
    public CycleAssembler(VariableCatalog? catalog = null)
    {
        _catalog = catalog ?? VariableCatalog.Default;
    }

    /// <summary>Assembles a cycle.</summary>
    /// <param name="cycle">The cycle the files belong to.</param>
    /// <param name="files">Its data files.</param>
    /// <param name="variables">Variables wanted, in block order; null for every known time-dependent variable found.</param>
    /// <param name="optional">
    /// Variables to add after <paramref name="variables"/> when the cycle has them at every lead, and to leave out
    /// otherwise (e.g. the forecast's own target field, which a transfer model predicts but does not need).
    /// </param>
    /// <exception cref="DataFileException">A file is unreadable, belongs to another cycle or uses another grid.</exception>
    /// <exception cref="IncompleteCycleException">A requested variable is missing at some lead.</exception>
    public CycleAssembly Assemble(CycleId cycle, IReadOnlyList<string> files, IReadOnlyList<VariableId>? variables = null,
        IReadOnlyList<VariableId>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new IncompleteCycleException(cycle, ["no data files"]);
        }

        var opened = new List<GriddedFile>();
        try
        {
            foreach (string path in files)
            {
                opened.Add(GriddedFile.Open(path));
            }

            return Assemble(cycle, opened, variables, optional ?? []);
        }
        finally
        {
            foreach (GriddedFile file in opened)
            {
                file.Dispose();
            }
        }
    }

    private CycleAssembly Assemble(CycleId cycle, List<GriddedFile> files, IReadOnlyList<VariableId>? required, IReadOnlyList<VariableId> optional)
    {
        IReadOnlyList<VariableId>? requested = required is null ? null : [.. required, .. optional.Except(required)];
        var skipped = new List<string>();
        var unreadable = new List<string>();
        var located = new Dictionary<(int Lead, VariableId Variable), (GriddedFile File, FieldEntry Entry)>();
        var statics = new Dictionary<string, (GriddedFile File, FieldEntry Entry)>();
        GridSpec? grid = null;
        string? gridSource = null;

        foreach (GriddedFile file in files)
        {
            foreach (FieldEntry entry in file.Fields)
            {
                if (entry.UnsupportedReason is not null || entry.Variable is not VariableId id)
                {
                    string reason = $"{file.FilePath}: {entry.NameInFile}: {entry.UnsupportedReason ?? "not a known variable"}";
                    skipped.Add(reason);
                    if (entry.UnsupportedReason is not null)
                    {
                        unreadable.Add(reason);
                    }

                    continue;
                }

                if (grid is null)
                {
                    (grid, gridSource) = (entry.Grid!, $"{file.FilePath} ({entry.NameInFile})");
                }
                else if (!grid.Matches(entry.Grid!))
                {
                    throw new DimensionMismatchException(file.FilePath, entry.NameInFile,
                        $"grid {entry.Grid} differs from the cycle's grid {grid} (first seen in {gridSource}).");
                }

                if (_catalog.IsStatic(id.Name))
                {
                    statics[id.Name] = (file, entry);
                    continue;
                }

                if (entry.ReferenceTime is DateTime reference && reference != cycle.InitTime)
                {
                    throw new DataFileException(file.FilePath, entry.NameInFile,
                        $"belongs to cycle {reference:yyyyMMddHH}, not {cycle}.");
                }

                int lead = LeadHours(cycle, file, entry);
                if (requested is not null && !requested.Contains(id))
                {
                    skipped.Add($"{file.FilePath}: {entry.NameInFile}: not requested");
                    continue;
                }

                if (located.TryGetValue((lead, id), out var earlier))
                {
                    throw new DataFileException(file.FilePath, entry.NameInFile,
                        $"{id} at +{lead} h is also in {earlier.File.FilePath}; a cycle must hold each field once.");
                }

                located[(lead, id)] = (file, entry);
            }
        }

        if (grid is null)
        {
            throw new IncompleteCycleException(cycle, ["no readable field in any file"], unreadable);
        }

        int[] leads = located.Keys.Select(k => k.Lead).Distinct().Order().ToArray();
        VariableId[] variables = required is null
            ? located.Keys.Select(k => k.Variable).Distinct().OrderBy(CatalogOrder).ThenBy(v => v.PressureLevelHpa).ToArray()
            : [.. required, .. optional.Except(required).Where(v => leads.Length > 0 && leads.All(l => located.ContainsKey((l, v))))];
        var missing = (from lead in leads.DefaultIfEmpty(0)
                       from variable in variables
                       where !located.ContainsKey((lead, variable))
                       select $"{variable} at +{lead} h").ToList();
        if (missing.Count > 0 || leads.Length == 0 || variables.Length == 0)
        {
            throw new IncompleteCycleException(cycle, missing.Count > 0 ? missing : ["no time-dependent field found"], unreadable);
        }

        var block = new float[(long)leads.Length * variables.Length * grid.CellCount];
        for (int l = 0; l < leads.Length; l++)
        {
            for (int v = 0; v < variables.Length; v++)
            {
                var (file, entry) = located[(leads[l], variables[v])];
                file.Read(entry).Values.CopyTo(block.AsSpan(((l * variables.Length) + v) * grid.CellCount, grid.CellCount));
            }
        }

        return new CycleAssembly(new CycleData(cycle, grid, leads, variables, block, ReadStatics(grid, statics)), skipped);
    }

    private static int LeadHours(CycleId cycle, GriddedFile file, FieldEntry entry)
    {
        if (entry.ValidTime is not DateTime valid)
        {
            throw new DataFileException(file.FilePath, entry.NameInFile, "time-dependent field without a valid time.");
        }

        TimeSpan lead = valid - cycle.InitTime;
        if (lead < TimeSpan.Zero || lead.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new DataFileException(file.FilePath, entry.NameInFile,
                $"valid time {valid:yyyy-MM-dd HH:mm} is not a whole number of hours after cycle {cycle}.");
        }

        return (int)lead.TotalHours;
    }

    private static StaticFields? ReadStatics(GridSpec grid, Dictionary<string, (GriddedFile File, FieldEntry Entry)> statics)
    {
        if (statics.Count == 0)
        {
            return null;
        }

        float[] Read(string name)
        {
            if (statics.TryGetValue(name, out var found))
            {
                return found.File.Read(found.Entry).Values;
            }

            var missing = new float[grid.CellCount];
            Array.Fill(missing, float.NaN);
            return missing;
        }

        return new StaticFields(grid, Read("orography"), Read("lsm")).Validate();
    }

    private int CatalogOrder(VariableId id)
    {
        for (int i = 0; i < _catalog.Variables.Count; i++)
        {
            if (_catalog.Variables[i].Name == id.Name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
