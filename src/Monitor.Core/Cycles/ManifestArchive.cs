using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// A reanalysis-style archive from an <see cref="ArchiveManifest"/>: every time step present for a variable is a
/// sample (a "cycle" with the single lead 0). The files are indexed once at open (variables and times); fields are
/// read one at a time by hyperslab, so the archive streams however large it is.
/// </summary>
public sealed class ManifestArchive : ICycleArchive, IDisposable
{
    private readonly ArchiveManifest _manifest;
    private readonly Dictionary<string, NetCdfDataset> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Variable, int? Level, DateTime Time), (string File, string NameInFile, int TimeIndex)> _index = [];
    private readonly StaticFields? _statics;
    private readonly NetCdfReadOptions _options;

    /// <summary>Opens and indexes the archive; throws naming the manifest, file or variable on any problem.</summary>
    public ManifestArchive(string manifestPath)
    {
        Location = manifestPath;
        _manifest = ArchiveManifest.Load(manifestPath);
        var catalog = VariableCatalog.Default;
        if (_manifest.Aliases.Count > 0)
        {
            catalog = CloneWithAliases(_manifest.Aliases, manifestPath);
        }

        _options = new NetCdfReadOptions { Catalog = catalog, TimeUnitsFallback = _manifest.TimeUnits };
        string root = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        string[] files = _manifest.Files.SelectMany(glob => Expand(root, glob)).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new ArgumentException($"Archive manifest {manifestPath}: no file matches {string.Join(", ", _manifest.Files)}.");
        }

        foreach (string file in files)
        {
            NetCdfDataset dataset = Dataset(file);
            foreach (DatasetVariable variable in dataset.Variables.Where(v => v.Canonical is not null && v.Times.Count > 0))
            {
                // Pressure-level files are indexed per level; a level-less file only ever answers for the level-less name.
                IReadOnlyList<int?> levels = variable.LevelsHpa.Count == 0 ? [null] : [.. variable.LevelsHpa.Select(l => (int?)l)];
                for (int t = 0; t < variable.Times.Count; t++)
                {
                    foreach (int? level in levels)
                    {
                        _index[(variable.Canonical!.Name, level, variable.Times[t])] = (file, variable.FileName, t);
                    }
                }
            }
        }

        Grid = _index.Count == 0
            ? throw new ArgumentException($"Archive manifest {manifestPath}: the files hold no known time-dependent variable.")
            : Dataset(_index.Values.First().File).Find(_index.Values.First().NameInFile).Grid;
        _statics = ReadStatics(root);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public GridSpec Grid { get; }

    /// <summary>Canonical variables the archive holds.</summary>
    public IReadOnlyList<string> VariableNames => _index.Keys.Select(k => new VariableId(k.Variable, k.Level).ToString()).Distinct().ToArray();

    /// <inheritdoc />
    public IReadOnlyList<CycleId> CyclesIn(TimePeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return _index.Keys.Select(k => k.Time).Distinct()
            .Where(t => period.Contains(t) && t.Minute == 0 && t.Second == 0)
            .Order().Select(t => new CycleId(t)).ToArray();
    }

    /// <inheritdoc />
    public CycleData Read(CycleId cycle, IReadOnlyList<VariableId> variables, IReadOnlyList<VariableId>? ifPresent = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        variables = [.. variables, .. (ifPresent ?? []).Except(variables).Where(v => Has(cycle, v, 0))];
        var block = new float[variables.Count * Grid.CellCount];
        for (int v = 0; v < variables.Count; v++)
        {
            ReadField(cycle, variables[v], 0, block.AsSpan(v * Grid.CellCount, Grid.CellCount));
        }

        return new CycleData(cycle, Grid, [0], variables, block, _statics);
    }

    /// <inheritdoc />
    public bool Has(CycleId cycle, VariableId variable, int leadHours) =>
        leadHours == 0 && _index.ContainsKey((variable.Name, variable.PressureLevelHpa, cycle.InitTime));

    /// <inheritdoc />
    public string ReadField(CycleId cycle, VariableId variable, int leadHours, Span<float> destination)
    {
        if (leadHours != 0 || !_index.TryGetValue((variable.Name, variable.PressureLevelHpa, cycle.InitTime), out var at))
        {
            if (leadHours == 0 && variable.PressureLevelHpa is int level && _index.TryGetValue((variable.Name, null, cycle.InitTime), out var levelless))
            {
                string[] files = [.. _index.Where(e => e.Key.Variable == variable.Name && e.Key.Level is null).Select(e => Path.GetFileName(e.Value.File)).Distinct().Order(StringComparer.Ordinal).Take(4)];
                throw new DataFileException(levelless.File, variable.ToString(),
                    $"'{variable}' asks for the {level} hPa level, but the files holding '{variable.Name}' ({string.Join(", ", files)}) have no level " +
                    $"dimension; a level-less field is never taken for a level (manifest {Location}).");
            }

            throw new KeyNotFoundException($"Archive {Location} has no '{variable}' at {cycle.InitTime:yyyy-MM-dd HH:mm} UTC{(leadHours != 0 ? $" +{leadHours} h (a manifest archive holds analyses: lead 0 only)" : "")}.");
        }

        NetCdfDataset dataset = Dataset(at.File);
        Span<float> field = destination[..Grid.CellCount];
        dataset.ReadFieldInto(dataset.Find(at.NameInFile), at.TimeIndex, variable.PressureLevelHpa, field);
        if (_manifest.Conversions.TryGetValue(variable.Name, out LinearConversion? conversion))
        {
            for (int i = 0; i < field.Length; i++)
            {
                field[i] = (float)((field[i] * conversion.Scale) + conversion.Offset);
            }
        }

        return at.File;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (NetCdfDataset dataset in _open.Values)
        {
            dataset.Dispose();
        }
    }

    private NetCdfDataset Dataset(string file)
    {
        if (!_open.TryGetValue(file, out NetCdfDataset? dataset))
        {
            dataset = NetCdfDataset.Open(file, _options);
            _open[file] = dataset;
        }

        return dataset;
    }

    private StaticFields? ReadStatics(string root)
    {
        if (_manifest.Statics.Count == 0)
        {
            return null;
        }

        float[] Read(string name)
        {
            if (!_manifest.Statics.TryGetValue(name, out string? relative))
            {
                var missing = new float[Grid.CellCount];
                Array.Fill(missing, float.NaN);
                return missing;
            }

            string path = Path.Combine(root, relative);
            NetCdfDataset dataset = Dataset(path);
            DatasetVariable variable = dataset.Variables.FirstOrDefault(v => v.Canonical?.Name == name) ?? (dataset.Variables.Count == 1
                ? dataset.Variables[0]
                : throw new VariableNotFoundException(path, name, dataset.Variables.Select(v => v.FileName)));
            if (!variable.Grid.Matches(Grid))
            {
                throw new DimensionMismatchException(path, variable.FileName, $"grid {variable.Grid} differs from the archive's grid {Grid}.");
            }

            return dataset.ReadField(variable).Values;
        }

        return new StaticFields(Grid, Read("orography"), Read("lsm")).Validate();
    }

    private static IEnumerable<string> Expand(string root, string glob)
    {
        string full = Path.Combine(root, glob);
        string directory = Path.GetDirectoryName(full)!, pattern = Path.GetFileName(full);
        return System.IO.Directory.Exists(directory) ? System.IO.Directory.EnumerateFiles(directory, pattern) : [];
    }

    private static VariableCatalog CloneWithAliases(IReadOnlyDictionary<string, string> aliases, string manifestPath) =>
        VariableCatalog.Default.With(aliases.Select(pair => VariableCatalog.Default.TryResolve(pair.Value, out VariableAlias? target)
            ? new VariableAlias(pair.Key, target.Variable)
            : throw new ArgumentException($"Archive manifest {manifestPath}: alias '{pair.Key}' names unknown variable '{pair.Value}'.")));
}
