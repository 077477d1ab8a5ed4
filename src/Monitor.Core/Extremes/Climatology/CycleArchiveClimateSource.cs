using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// Climatology samples from an archive of cycles in the inbox layout (one folder per cycle, as <c>generate</c> writes):
/// the chosen leads of every complete cycle. Opens one cycle's files at a time and reads one field at a time. Wind
/// speed <c>si10</c> is read when the files have it, otherwise derived as √(u10² + v10²).
/// </summary>
public sealed class CycleArchiveClimateSource : IClimateSampleSource, IDisposable
{
    private static readonly VariableId s_windSpeed = new("si10");
    private static readonly VariableId s_u10 = new("u10");
    private static readonly VariableId s_v10 = new("v10");

    private readonly Dictionary<CycleId, IReadOnlyList<string>> _files = [];
    private CycleId? _openCycle;
    private List<GriddedFile> _open = [];
    private Dictionary<(VariableId Variable, int Lead), (GriddedFile File, FieldEntry Entry)> _entries = [];
    private readonly float[] _u;

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
            if (variables[v] == s_windSpeed && !_entries.ContainsKey((s_windSpeed, sample.LeadHours)))
            {
                ReadField(sample, s_u10, "si10 (or u10 and v10)").AsSpan(offset, n).CopyTo(_u.AsSpan(0, n));
                float[] v10 = ReadField(sample, s_v10, "si10 (or u10 and v10)");
                for (int i = 0; i < n; i++)
                {
                    target[i] = MathF.Sqrt((_u[i] * _u[i]) + (v10[offset + i] * v10[offset + i]));
                }
            }
            else
            {
                ReadField(sample, variables[v], variables[v].ToString()).AsSpan(offset, n).CopyTo(target);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => CloseCycle();

    private float[] ReadField(ClimateSample sample, VariableId variable, string wanted)
    {
        if (!_entries.TryGetValue((variable, sample.LeadHours), out var found))
        {
            string file = _files[sample.Cycle][0];
            bool hasVariable = _entries.Keys.Any(k => k.Variable == variable);
            if (hasVariable)
            {
                throw new DataFileException(file, wanted, $"cycle {sample.Cycle} has no lead +{sample.LeadHours} h " +
                    $"(has {string.Join(", ", _entries.Keys.Where(k => k.Variable == variable).Select(k => k.Lead).Order())} h).");
            }

            throw new VariableNotFoundException(file, wanted, _entries.Keys.Select(k => k.Variable.ToString()).Distinct().Order(StringComparer.Ordinal));
        }

        if (!found.Entry.Grid!.Matches(Grid))
        {
            throw new DimensionMismatchException(found.File.FilePath, found.Entry.NameInFile,
                $"grid {found.Entry.Grid} differs from the archive's grid {Grid} (first cycle {_files.Keys.Min()}).");
        }

        float[] values = found.File.Read(found.Entry).Values;
        int missing = values.Count(float.IsNaN);
        if (missing > 0)
        {
            throw new DataFileException(found.File.FilePath, found.Entry.NameInFile,
                $"{missing} missing (NaN) values at +{sample.LeadHours} h ({sample.ValidTime:yyyy-MM-dd HH:mm} UTC); a climatology needs complete fields.");
        }

        return values;
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
            GriddedFile file = GriddedFile.Open(path);
            _open.Add(file);
            foreach (FieldEntry entry in file.Fields)
            {
                if (entry.Variable is VariableId id && entry.ValidTime is DateTime valid && entry.Grid is not null)
                {
                    TimeSpan lead = valid - cycle.InitTime;
                    _entries[(id, (int)Math.Round(lead.TotalHours))] = (file, entry);
                }
            }
        }

        _openCycle = cycle;
    }

    private void CloseCycle()
    {
        foreach (GriddedFile file in _open)
        {
            file.Dispose();
        }

        _open = [];
        _openCycle = null;
    }
}
