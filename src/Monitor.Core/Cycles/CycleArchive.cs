using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// An archive of forecast cycles in the inbox layout (one folder per cycle, e.g. written by <c>v2vmonitor generate</c>):
/// lists the cycles of a period and reads one cycle, or one field, at a time, so passes stream through archives larger
/// than memory. <see cref="ReadField"/> keeps the files of one cycle open and decodes netCDF fields straight into the
/// caller's buffer (GRIB through <see cref="GriddedFile"/>), so a pass over many cycles leaves no garbage.
/// </summary>
public sealed class CycleArchive : ICycleArchive
{
    private readonly CycleCandidate[] _cycles;
    private readonly CycleAssembler _assembler = new();
    private readonly Lazy<GridSpec> _grid;
    private CycleId? _openCycle;
    private List<IDisposable> _open = [];
    private Dictionary<(VariableId Variable, int Lead), FieldSource> _fields = [];

    /// <summary>Opens an archive directory; throws <see cref="DirectoryNotFoundException"/> naming it when absent.</summary>
    public CycleArchive(string directory)
    {
        Directory = directory;
        var scanner = new InboxScanner(new InboxOptions { Directory = directory }, TimeProvider.System);
        _cycles = scanner.Scan().Where(c => c.Readiness == CycleReadiness.Complete).ToArray();
        _grid = new Lazy<GridSpec>(FirstGrid);
    }

    /// <summary>The archive directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Location => Directory;

    /// <inheritdoc />
    /// <exception cref="DataFileException">The archive has no complete cycle, or its first file holds no field on a supported grid.</exception>
    public GridSpec Grid => _grid.Value;

    /// <summary>Complete cycles whose init time lies in <paramref name="period"/>, oldest first.</summary>
    public IReadOnlyList<CycleId> CyclesIn(TimePeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return _cycles.Where(c => period.Contains(c.Cycle.InitTime)).Select(c => c.Cycle).ToArray();
    }

    /// <summary>Reads one cycle (the given variables, every lead, with static fields).</summary>
    public CycleData Read(CycleId cycle, IReadOnlyList<VariableId> variables, IReadOnlyList<VariableId>? ifPresent = null) =>
        _assembler.Assemble(cycle, Candidate(cycle).Files, variables, ifPresent).Data;

    /// <inheritdoc />
    public bool Has(CycleId cycle, VariableId variable, int leadHours)
    {
        Open(cycle);
        return _fields.ContainsKey((variable, leadHours));
    }

    /// <inheritdoc />
    public string ReadField(CycleId cycle, VariableId variable, int leadHours, Span<float> destination)
    {
        Open(cycle);
        if (!_fields.TryGetValue((variable, leadHours), out FieldSource? found))
        {
            string file = Candidate(cycle).Files[0];
            if (_fields.Keys.Any(k => k.Variable == variable))
            {
                throw new DataFileException(file, variable.ToString(), $"cycle {cycle} has no lead +{leadHours} h " +
                    $"(has {string.Join(", ", _fields.Keys.Where(k => k.Variable == variable).Select(k => k.Lead).Order())} h).");
            }

            throw new VariableNotFoundException(file, variable.ToString(), _fields.Keys.Select(k => k.Variable.ToString()).Distinct().Order(StringComparer.Ordinal));
        }

        if (!found.Grid.Matches(Grid))
        {
            throw new DimensionMismatchException(found.FilePath, found.Name,
                $"grid {found.Grid} differs from the archive's grid {Grid} (first cycle {_cycles.Min(c => c.Cycle)}).");
        }

        found.Read(destination[..Grid.CellCount]);
        return found.FilePath;
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private CycleCandidate Candidate(CycleId cycle) => _cycles.FirstOrDefault(c => c.Cycle == cycle) ??
        throw new KeyNotFoundException($"Cycle {cycle} is not a complete cycle of the archive {Directory}.");

    private GridSpec FirstGrid()
    {
        if (_cycles.Length == 0)
        {
            throw new DataFileException(Directory, null, "no complete cycle in the archive.");
        }

        using GriddedFile file = GriddedFile.Open(_cycles.MinBy(c => c.Cycle)!.Files[0]);
        return file.Fields.FirstOrDefault(f => f.Grid is not null)?.Grid ??
            throw new DataFileException(file.FilePath, null, "holds no field on a supported grid.");
    }

    /// <summary>Indexes the fields of <paramref name="cycle"/>'s files, keeping them open until another cycle is read.</summary>
    private void Open(CycleId cycle)
    {
        if (_openCycle == cycle)
        {
            return;
        }

        Close();
        IReadOnlyList<string> files = Candidate(cycle).Files;
        _open = [];
        _fields = [];
        foreach (string path in files)
        {
            if (GriddedFile.Detect(path) is DataFileFormat.NetCdf3 or DataFileFormat.NetCdf4)
            {
                NetCdfDataset dataset = NetCdfDataset.Open(path);
                _open.Add(dataset);
                foreach (DatasetVariable variable in dataset.Variables)
                {
                    IReadOnlyList<int?> levels = variable.LevelsHpa.Count == 0 ? [null] : [.. variable.LevelsHpa.Select(l => (int?)l)];
                    for (int t = 0; t < variable.Times.Count; t++)
                    {
                        foreach (int? level in levels)
                        {
                            if (variable.IdAt(level) is VariableId id)
                            {
                                int time = t;
                                _fields[(id, LeadOf(cycle, variable.Times[t]))] = new FieldSource(path, variable.FileName, variable.Grid,
                                    destination => dataset.ReadFieldInto(variable, time, level, destination));
                            }
                        }
                    }
                }

                continue;
            }

            GriddedFile file = GriddedFile.Open(path);
            _open.Add(file);
            foreach (FieldEntry entry in file.Fields)
            {
                if (entry.Variable is VariableId id && entry.ValidTime is DateTime valid && entry.Grid is not null)
                {
                    _fields[(id, LeadOf(cycle, valid))] = new FieldSource(path, entry.NameInFile, entry.Grid,
                        destination => file.Read(entry).Values.AsSpan().CopyTo(destination));
                }
            }
        }

        _openCycle = cycle;
    }

    private static int LeadOf(CycleId cycle, DateTime valid) => (int)Math.Round((valid - cycle.InitTime).TotalHours);

    private void Close()
    {
        foreach (IDisposable file in _open)
        {
            file.Dispose();
        }

        _open = [];
        _fields = [];
        _openCycle = null;
    }

    /// <summary>Where one field of the open cycle is and how to decode it into a buffer of the grid's cell count.</summary>
    private sealed record FieldSource(string FilePath, string Name, GridSpec Grid, SpanAction Read);

    private delegate void SpanAction(Span<float> destination);
}
