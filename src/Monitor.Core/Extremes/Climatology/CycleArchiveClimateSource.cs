using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// Climatology samples from an archive of cycles in the inbox layout (one folder per cycle, as <c>generate</c> writes):
/// the chosen leads of every complete cycle. Opens one cycle's files at a time and reads one field at a time. Wind
/// speed <c>si10</c> is read when the files have it, otherwise derived as √(u10² + v10²). netCDF fields are decoded
/// into reused buffers (GRIB through <see cref="GriddedFile"/>), so a pass over a large archive leaves no garbage.
/// </summary>
public sealed class CycleArchiveClimateSource : IClimateSampleSource, IDisposable
{
    private readonly Dictionary<CycleId, IReadOnlyList<string>> _files = [];
    private CycleId? _openCycle;
    private List<IDisposable> _open = [];
    private Dictionary<(VariableId Variable, int Lead), FieldSource> _entries = [];
    private readonly float[] _u;
    private readonly float[] _v;

    /// <summary>Scans an archive directory; throws <see cref="DirectoryNotFoundException"/> naming it when absent.</summary>
    /// <param name="directory">The archive directory.</param>
    /// <param name="leadHours">Leads (h) of each cycle to use; every cycle must have them.</param>
    /// <exception cref="DataFileException">The archive has no complete cycle, or its first file is unreadable.</exception>
    public CycleArchiveClimateSource(string directory, IReadOnlyList<int> leadHours)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(leadHours);
        Location = directory;
        var scanner = new InboxScanner(new InboxOptions { Directory = directory }, TimeProvider.System);
        foreach (CycleCandidate c in scanner.Scan().Where(c => c.Readiness == CycleReadiness.Complete))
        {
            _files[c.Cycle] = c.Files;
        }

        if (_files.Count == 0)
        {
            throw new DataFileException(directory, null, "no complete cycle in the archive.");
        }

        Samples = [.. _files.Keys.Order().SelectMany(c => leadHours.Select(l => new ClimateSample(c, l))).OrderBy(s => s.ValidTime).ThenBy(s => s.Cycle)];
        CycleId first = _files.Keys.Min();
        using (GriddedFile file = GriddedFile.Open(_files[first][0]))
        {
            Grid = file.Fields.FirstOrDefault(f => f.Grid is not null)?.Grid ??
                throw new DataFileException(file.FilePath, null, "holds no field on a supported grid.");
        }

        _u = new float[Grid.CellCount];
        _v = new float[Grid.CellCount];
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public GridSpec Grid { get; }

    /// <inheritdoc />
    public IReadOnlyList<ClimateSample> Samples { get; }

    /// <summary>The cycles of the archive, oldest first.</summary>
    public IEnumerable<CycleId> Cycles => _files.Keys.Order();

    /// <inheritdoc />
    public void Read(ClimateSample sample, IReadOnlyList<VariableId> variables, int firstRow, int rowCount, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(variables);
        OpenCycle(sample.Cycle);
        int offset = firstRow * Grid.LongitudeCount, n = rowCount * Grid.LongitudeCount;
        for (int v = 0; v < variables.Count; v++)
        {
            Span<float> target = destination.Slice(v * n, n);
            if (variables[v] == WindSpeed.Speed && !_entries.ContainsKey((WindSpeed.Speed, sample.LeadHours)))
            {
                ReadField(sample, WindSpeed.U, WindSpeed.Wanted, _u);
                ReadField(sample, WindSpeed.V, WindSpeed.Wanted, _v);
                WindSpeed.Derive(_u.AsSpan(offset, n), _v.AsSpan(offset, n), target);
            }
            else
            {
                ReadField(sample, variables[v], variables[v].ToString(), _u);
                _u.AsSpan(offset, n).CopyTo(target);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => CloseCycle();

    private void ReadField(ClimateSample sample, VariableId variable, string wanted, float[] destination)
    {
        if (!_entries.TryGetValue((variable, sample.LeadHours), out FieldSource? found))
        {
            string file = _files[sample.Cycle][0];
            if (_entries.Keys.Any(k => k.Variable == variable))
            {
                throw new DataFileException(file, wanted, $"cycle {sample.Cycle} has no lead +{sample.LeadHours} h " +
                    $"(has {string.Join(", ", _entries.Keys.Where(k => k.Variable == variable).Select(k => k.Lead).Order())} h).");
            }

            throw new VariableNotFoundException(file, wanted, _entries.Keys.Select(k => k.Variable.ToString()).Distinct().Order(StringComparer.Ordinal));
        }

        if (!found.Grid.Matches(Grid))
        {
            throw new DimensionMismatchException(found.FilePath, found.Name,
                $"grid {found.Grid} differs from the archive's grid {Grid} (first cycle {_files.Keys.Min()}).");
        }

        found.Read(destination);
        int missing = 0;
        foreach (float x in destination)
        {
            missing += float.IsNaN(x) ? 1 : 0;
        }

        if (missing > 0)
        {
            throw new DataFileException(found.FilePath, found.Name,
                $"{missing} missing (NaN) values at +{sample.LeadHours} h ({sample.ValidTime:yyyy-MM-dd HH:mm} UTC); a climatology needs complete fields.");
        }
    }

    private void OpenCycle(CycleId cycle)
    {
        if (_openCycle == cycle)
        {
            return;
        }

        CloseCycle();
        if (!_files.TryGetValue(cycle, out IReadOnlyList<string>? files))
        {
            throw new DataFileException(Location, null, $"cycle {cycle} is not a complete cycle of the archive.");
        }

        _open = [];
        _entries = [];
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
                                _entries[(id, LeadOf(cycle, variable.Times[t]))] = new FieldSource(path, variable.FileName, variable.Grid,
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
                    _entries[(id, LeadOf(cycle, valid))] = new FieldSource(path, entry.NameInFile, entry.Grid,
                        destination => file.Read(entry).Values.CopyTo(destination, 0));
                }
            }
        }

        _openCycle = cycle;
    }

    private static int LeadOf(CycleId cycle, DateTime valid) => (int)Math.Round((valid - cycle.InitTime).TotalHours);

    private void CloseCycle()
    {
        foreach (IDisposable file in _open)
        {
            file.Dispose();
        }

        _open = [];
        _openCycle = null;
    }

    /// <summary>Where one field of the open cycle is and how to decode it into a buffer of the grid's cell count.</summary>
    private sealed record FieldSource(string FilePath, string Name, GridSpec Grid, Action<float[]> Read);
}
