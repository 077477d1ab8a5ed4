using Monitor.Core.Formats;
using Monitor.Core.Formats.Cf;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// A reanalysis-style archive from an <see cref="ArchiveManifest"/>: every time step present for a variable is a
/// sample (a "cycle" with the single lead 0). The files are indexed once at open (variables and times), each read
/// with the manifest's aliases, dimension names and time units and those of its <c>perFile</c> entries; fields are
/// read one at a time by hyperslab, so the archive streams however large it is. Every error names the manifest.
/// </summary>
public sealed class ManifestArchive : ICycleArchive, IDisposable
{
    private const int ListedAtMost = 4;

    private readonly ArchiveManifest _manifest;
    private readonly string _root;
    private readonly string[] _files;
    private readonly Dictionary<ManifestFileOverride, HashSet<string>> _overrideFiles = [];
    private readonly Dictionary<string, FileReading> _readings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetCdfDataset> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Variable, int? Level, DateTime Time), IndexedField> _index = [];
    private readonly List<DatasetProblem> _problems = [];
    private readonly List<(string File, string NameInFile)> _unknownNames = [];
    private readonly StaticFields? _statics;
    private GridSpec? _grid;
    private string? _gridFile;

    /// <summary>Opens and indexes the archive; throws naming the manifest, file or variable on any problem.</summary>
    /// <exception cref="ArgumentException">The manifest is invalid (bad key, alias, dimension name, glob matching nothing).</exception>
    /// <exception cref="DataFileException">A file cannot be read as the manifest describes it, or two files hold the same field.</exception>
    public ManifestArchive(string manifestPath)
    {
        Location = manifestPath;
        _manifest = ArchiveManifest.Load(manifestPath);
        _root = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        _files = _manifest.Files.SelectMany(Expand).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (_files.Length == 0)
        {
            throw new ArgumentException($"Archive manifest {manifestPath}: no file matches {string.Join(", ", _manifest.Files)}.");
        }

        try
        {
            ValidateOverrides();
            foreach (string file in _files)
            {
                Index(file);
            }

            Grid = _grid ?? throw new ArgumentException($"Archive manifest {manifestPath}: the files hold no known time-dependent variable " +
                $"(looked in {Listed(_files.Select(Relative), _files.Length)}){WhatCouldNotBeRead()}.");
            _statics = ReadStatics();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public GridSpec Grid { get; }

    /// <summary>Canonical variables the archive holds.</summary>
    public IReadOnlyList<string> VariableNames => _index.Keys.Select(k => new VariableId(k.Variable, k.Level).ToString()).Distinct().ToArray();

    /// <summary>The data files the manifest's <c>files</c> globs match, in path order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The fields read from <paramref name="file"/>, by variable and time.</summary>
    public IReadOnlyList<ManifestField> FieldsIn(string file) =>
        [.. _index.Where(e => e.Value.File == file)
            .Select(e => new ManifestField(new VariableId(e.Key.Variable, e.Key.Level), e.Key.Time, e.Value.NameInFile))
            .OrderBy(f => f.Variable.ToString(), StringComparer.Ordinal).ThenBy(f => f.ValidTime)];

    /// <summary>
    /// The gridded variables of <paramref name="file"/> that are not read: those that could not be placed or decoded,
    /// and those under a name neither the catalogue nor the manifest knows, each with its reason.
    /// </summary>
    public IReadOnlyList<DatasetProblem> ProblemsIn(string file) =>
        [.. _problems.Where(p => p.Error.FilePath == file),
         .. _unknownNames.Where(u => u.File == file).Select(u => new DatasetProblem(u.NameInFile, new DataFileException(file, u.NameInFile,
             $"the name is not in the variable catalogue; give it an alias in the manifest {Location} (\"aliases\": {{ \"{u.NameInFile}\": \"…\" }}).")))];

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
    /// <exception cref="KeyNotFoundException">The archive has no such field (the manifest, the variable and the files looked in named).</exception>
    public string ReadField(CycleId cycle, VariableId variable, int leadHours, Span<float> destination)
    {
        if (leadHours != 0 || !_index.TryGetValue((variable.Name, variable.PressureLevelHpa, cycle.InitTime), out IndexedField at))
        {
            throw Missing(cycle, variable, leadHours);
        }

        NetCdfDataset dataset = Dataset(at.File);
        Span<float> field = destination[..Grid.CellCount];
        dataset.ReadFieldInto(dataset.Find(at.NameInFile), at.TimeIndex, at.LevelInFile, field);
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

    private void Index(string file)
    {
        NetCdfDataset dataset = Dataset(file);
        _problems.AddRange(dataset.Problems);
        foreach (DatasetVariable variable in dataset.Variables.Where(v => v.Times.Count > 0))
        {
            if (variable.Canonical is null)
            {
                _unknownNames.Add((file, variable.FileName));
                continue;
            }

            if (_grid is null)
            {
                (_grid, _gridFile) = (variable.Grid, file);
            }
            else if (!variable.Grid.Matches(_grid))
            {
                throw new DimensionMismatchException(file, variable.FileName,
                    $"grid {variable.Grid} differs from the archive's grid {_grid} (that of {Relative(_gridFile!)}; manifest {Location}).");
            }

            int? aliasLevel = Reading(file).AliasLevels.TryGetValue(variable.FileName, out int level) ? level : null;
            foreach (int? fieldLevel in LevelsOf(file, variable, aliasLevel))
            {
                for (int t = 0; t < variable.Times.Count; t++)
                {
                    (string Variable, int? Level, DateTime Time) key = (variable.Canonical.Name, fieldLevel, variable.Times[t]);
                    var field = new IndexedField(file, variable.FileName, t, variable.LevelsHpa.Count > 0 ? fieldLevel : null);
                    if (_index.TryGetValue(key, out IndexedField other))
                    {
                        throw new DataFileException(file, variable.FileName,
                            $"holds '{new VariableId(key.Variable, key.Level)}' at {key.Time:yyyy-MM-dd HH:mm} UTC, as does " +
                            $"{Relative(other.File)} (variable '{other.NameInFile}'): tell them apart with aliases for some files " +
                            $"(\"perFile\": [{{ \"file\": \"{Relative(file)}\", \"aliases\": {{ \"{variable.FileName}\": \"…\" }} }}]) " +
                            $"or list each file once (manifest {Location}).");
                    }

                    _index[key] = field;
                }
            }
        }
    }

    // Pressure-level files are indexed per level; a level-less file answers for one level only where the manifest
    // names it (an alias such as u → u500), otherwise only for the level-less name.
    private IReadOnlyList<int?> LevelsOf(string file, DatasetVariable variable, int? aliasLevel)
    {
        if (variable.LevelsHpa.Count == 0)
        {
            return [aliasLevel];
        }

        string levels = string.Join(", ", variable.LevelsHpa);
        if (aliasLevel is not null)
        {
            throw new DataFileException(file, variable.FileName,
                $"has pressure levels {levels} hPa, but the manifest's alias names the {aliasLevel} hPa level: alias it to " +
                $"'{variable.Canonical!.Name}' and every level is read from the file (manifest {Location}).");
        }

        return variable.Canonical!.IsPressureLevel
            ? [.. variable.LevelsHpa.Select(l => (int?)l)]
            : throw new DataFileException(file, variable.FileName,
                $"has pressure levels {levels} hPa, but '{variable.Canonical.Name}', the variable it is read as, has none (manifest {Location}).");
    }

    /// <summary>Why the archive has no <paramref name="variable"/> at <paramref name="cycle"/>: the files that hold it, or the files looked in and what could not be read.</summary>
    private Exception Missing(CycleId cycle, VariableId variable, int leadHours)
    {
        string at = $"{cycle.InitTime:yyyy-MM-dd HH:mm} UTC";
        if (leadHours != 0)
        {
            return new KeyNotFoundException($"Archive manifest {Location} has no '{variable}' at {at} +{leadHours} h: a manifest archive holds analyses (lead 0 only).");
        }

        string[] holding = FilesHolding(k => k.Variable == variable.Name && k.Level == variable.PressureLevelHpa);
        if (holding.Length > 0)
        {
            return new KeyNotFoundException($"Archive manifest {Location} has no '{variable}' at {at}; " +
                $"{Listed(holding, holding.Length)} hold{(holding.Length == 1 ? "s" : "")} it at other times.");
        }

        if (variable.PressureLevelHpa is int level)
        {
            string[] levelless = FilesHolding(k => k.Variable == variable.Name && k.Level is null);
            if (levelless.Length > 0)
            {
                return new DataFileException(FullPath(levelless[0]), variable.ToString(),
                    $"'{variable}' asks for the {level} hPa level, but the files holding '{variable.Name}' ({Listed(levelless, levelless.Length)}) " +
                    $"have no level dimension; a level-less field is never taken for a level. If a file holds the {level} hPa level, " +
                    $"say so in the manifest {Location}: \"perFile\": [{{ \"file\": \"{levelless[0]}\", \"aliases\": {{ \"{variable.Name}\": \"{variable}\" }} }}].");
            }
        }

        string[] otherLevels = [.. _index.Keys.Where(k => k.Variable == variable.Name).Select(k => new VariableId(k.Variable, k.Level).ToString()).Distinct().Order(StringComparer.Ordinal)];
        string elsewhere = otherLevels.Length > 0 ? $"; the archive has {string.Join(", ", otherLevels)}" : "";
        // Not a missing time step but a variable the archive lacks altogether: an error, never a sample to skip.
        return new CycleDataException(Location, null, $"the archive manifest has no '{variable}': no file holds it " +
            $"(looked in {Listed(_files.Select(Relative), _files.Length)}){elsewhere}{WhatCouldNotBeRead()}.");
    }

    private string[] FilesHolding(Func<(string Variable, int? Level, DateTime Time), bool> predicate) =>
        [.. _index.Where(e => predicate(e.Key)).Select(e => Relative(e.Value.File)).Distinct().Order(StringComparer.Ordinal)];

    private string Relative(string file) => Path.GetRelativePath(_root, file);

    private string FullPath(string relative) => Path.GetFullPath(Path.Combine(_root, relative));

    private string WhatCouldNotBeRead()
    {
        string text = "";
        if (_problems.Count > 0)
        {
            text += $"; variables that could not be read: {string.Join("; ", _problems.Take(ListedAtMost).Select(p => p.Error.Message.TrimEnd('.')))}" +
                    (_problems.Count > ListedAtMost ? $" (and {_problems.Count - ListedAtMost} more)" : "");
        }

        if (_unknownNames.Count > 0)
        {
            string[] names = [.. _unknownNames.Select(u => $"'{u.NameInFile}' ({Relative(u.File)})").Distinct()];
            text += $"; names the catalogue does not know (give them aliases): {Listed(names, names.Length)}";
        }

        return text;
    }

    private static string Listed(IEnumerable<string> items, int count) =>
        string.Join(", ", items.Take(ListedAtMost)) + (count > ListedAtMost ? $" and {count - ListedAtMost} more" : "");

    private void ValidateOverrides()
    {
        ValidateDimensions(_manifest.Dimensions, "");
        string[] statics = [.. _manifest.Statics.Values.Select(FullPath)];
        foreach (ManifestFileOverride entry in _manifest.PerFile)
        {
            HashSet<string> matched = [.. Expand(entry.File).Where(f => _files.Contains(f) || statics.Contains(f))];
            _overrideFiles[entry] = matched.Count > 0 ? matched : throw new ArgumentException(
                $"Archive manifest {Location}: the perFile entry \"{entry.File}\" matches none of the manifest's files.");
            ValidateDimensions(entry.Dimensions, $"the perFile entry \"{entry.File}\": ");
        }
    }

    private void ValidateDimensions(IReadOnlyDictionary<string, string> dimensions, string where)
    {
        foreach ((string inFile, string readAs) in dimensions)
        {
            if (CfAxes.ClassifyName(readAs) == CfAxisKind.Other)
            {
                throw new ArgumentException($"Archive manifest {Location}: {where}dimension '{inFile}' is named '{readAs}', which is not the " +
                    "name of a time, lead, level, latitude or longitude axis (e.g. time, step, level, latitude, longitude).");
            }
        }
    }

    /// <summary>How <paramref name="file"/> is read: the manifest's settings with its matching perFile entries merged over them.</summary>
    private FileReading Reading(string file)
    {
        if (_readings.TryGetValue(file, out FileReading? reading))
        {
            return reading;
        }

        ManifestFileOverride[] entries = [.. _manifest.PerFile.Where(e => _overrideFiles[e].Contains(file))];
        var aliases = new Dictionary<string, VariableId>(StringComparer.OrdinalIgnoreCase);
        foreach (var (inFile, target) in _manifest.Aliases)
        {
            aliases[inFile] = AliasTarget(inFile, target, "");
        }

        var dimensions = new Dictionary<string, string>(_manifest.Dimensions, StringComparer.Ordinal);
        string? timeUnits = _manifest.TimeUnits;
        foreach (ManifestFileOverride entry in entries)
        {
            foreach (var (inFile, target) in entry.Aliases)
            {
                aliases[inFile] = AliasTarget(inFile, target, $"of the perFile entry \"{entry.File}\" ");
            }

            foreach (var (inFile, readAs) in entry.Dimensions)
            {
                dimensions[inFile] = readAs;
            }

            timeUnits = entry.TimeUnits ?? timeUnits;
        }

        VariableCatalog catalog = VariableCatalog.Default.WithOverrides(
            aliases.Select(a => new VariableAlias(a.Key, VariableCatalog.Default[a.Value.Name])));
        reading = new FileReading(
            new NetCdfReadOptions { Catalog = catalog, TimeUnitsFallback = timeUnits, DimensionNames = dimensions },
            aliases.Where(a => a.Value.PressureLevelHpa is not null)
                .ToDictionary(a => a.Key, a => a.Value.PressureLevelHpa!.Value, StringComparer.OrdinalIgnoreCase));
        _readings[file] = reading;
        return reading;
    }

    private VariableId AliasTarget(string inFile, string target, string where)
    {
        if (VariableCatalog.Default.TryResolve(target, out VariableAlias? known))
        {
            return new VariableId(known.Variable.Name);
        }

        return VariableId.TryParse(target, VariableCatalog.Default, out VariableId id) ? id : throw new ArgumentException(
            $"Archive manifest {Location}: alias '{inFile}' {where}names unknown variable '{target}' " +
            "(expected a catalogue name such as t2m, or a pressure-level name with its level such as u500).");
    }

    private NetCdfDataset Dataset(string file)
    {
        if (!_open.TryGetValue(file, out NetCdfDataset? dataset))
        {
            dataset = NetCdfDataset.Open(file, Reading(file).Options);
            _open[file] = dataset;
        }

        return dataset;
    }

    private StaticFields? ReadStatics()
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

            string path = FullPath(relative);
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

    private IEnumerable<string> Expand(string glob)
    {
        string full = FullPath(glob);
        string directory = Path.GetDirectoryName(full)!, pattern = Path.GetFileName(full);
        return System.IO.Directory.Exists(directory) ? System.IO.Directory.EnumerateFiles(directory, pattern) : [];
    }

    /// <summary>Where a field is: file, variable in it, index on its time axis, level on its level axis (null when it has none).</summary>
    private readonly record struct IndexedField(string File, string NameInFile, int TimeIndex, int? LevelInFile);

    /// <summary>How one file is read: options for <see cref="NetCdfDataset"/>, and the level a level-less name stands for.</summary>
    private sealed record FileReading(NetCdfReadOptions Options, IReadOnlyDictionary<string, int> AliasLevels);
}
