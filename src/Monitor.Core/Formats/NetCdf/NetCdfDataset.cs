using Monitor.Core.Formats.Cf;
using Monitor.Core.Grids;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>
/// A CF view of one netCDF file: data variables mapped to canonical variables, decoded time and level axes, and
/// fields read one at a time by hyperslab, unpacked, with missing values as NaN, rows north → south.
/// </summary>
public sealed class NetCdfDataset : IDisposable
{
    private readonly NetCdfFile _file;
    private readonly NetCdfReadOptions _options;
    private readonly List<DatasetVariable> _variables = [];
    private readonly List<DatasetProblem> _problems = [];
    private readonly Dictionary<string, IReadOnlyList<DateTime>> _timeCache = new(StringComparer.Ordinal);

    private NetCdfDataset(NetCdfFile file, NetCdfReadOptions options)
    {
        _file = file;
        _options = options;
    }

    /// <summary>The file path.</summary>
    public string FilePath => _file.FilePath;

    /// <summary>The underlying file (format, raw metadata).</summary>
    public NetCdfFile File => _file;

    /// <summary>Data variables (variables with a latitude and a longitude dimension).</summary>
    public IReadOnlyList<DatasetVariable> Variables => _variables;

    /// <summary>
    /// Gridded variables that could not be placed or decoded (e.g. an unknown extra dimension), each with its error: a
    /// file is never refused whole for one variable. <see cref="Find(string)"/> raises the variable's own error.
    /// </summary>
    public IReadOnlyList<DatasetProblem> Problems => _problems;

    /// <summary>Opens a file and decodes its CF metadata.</summary>
    public static NetCdfDataset Open(string path, NetCdfReadOptions? options = null)
    {
        NetCdfFile file = NetCdfFile.Open(path);
        var dataset = new NetCdfDataset(file, options ?? NetCdfReadOptions.Default);
        try
        {
            dataset.Describe();
            return dataset;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Finds a variable by canonical name, alias or file name (e.g. <c>t2m</c>, <c>2t</c>, <c>TMP_2maboveground</c>);
    /// throws <see cref="VariableNotFoundException"/> listing the file's variables otherwise.
    /// </summary>
    public DatasetVariable Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        DatasetVariable? byFileName = _variables.FirstOrDefault(v => v.FileName == name);
        if (byFileName is not null)
        {
            return byFileName;
        }

        if (_options.Catalog.TryResolve(name, out VariableAlias? alias))
        {
            DatasetVariable? byCanonical = _variables.FirstOrDefault(v => v.Canonical?.Name == alias.Variable.Name);
            if (byCanonical is not null)
            {
                return byCanonical;
            }
        }

        DatasetProblem? problem = _problems.FirstOrDefault(p => p.Variable == name ||
            (alias is not null && _options.Catalog.TryResolve(p.Variable, out VariableAlias? other) && other.Variable.Name == alias.Variable.Name));
        if (problem is not null)
        {
            throw problem.Error;
        }

        throw new VariableNotFoundException(FilePath, name, _variables.Select(v => v.FileName));
    }

    /// <summary>Finds the variable holding a canonical variable (any level).</summary>
    public DatasetVariable Find(VariableId id) => Find(id.Name);

    /// <summary>Reads one field as a <see cref="GriddedField"/>.</summary>
    /// <param name="variable">The variable.</param>
    /// <param name="timeIndex">Index along the time dimension (ignored when there is none).</param>
    /// <param name="levelHpa">Pressure level (hPa) for variables with a level dimension.</param>
    public GriddedField ReadField(DatasetVariable variable, int timeIndex = 0, int? levelHpa = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var values = new float[variable.Grid.CellCount];
        ReadFieldInto(variable, timeIndex, levelHpa, values);
        VariableId id = variable.IdAt(levelHpa) ?? new VariableId(variable.FileName, variable.LevelsHpa.Count > 0 ? levelHpa : null);
        DateTime? time = variable.Times.Count > 0 ? variable.Times[timeIndex] : null;
        return new GriddedField(id, variable.Grid, variable.Units, time, values);
    }

    /// <summary>Reads one field into <paramref name="destination"/> (<c>[lat, lon]</c>, grid cell count long).</summary>
    public void ReadFieldInto(DatasetVariable variable, int timeIndex, int? levelHpa, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(variable);
        GridSpec grid = variable.Grid;
        if (destination.Length != grid.CellCount)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values, the grid {grid.CellCount}.", nameof(destination));
        }

        NetCdfVariable v = variable.Variable;
        var start = new long[v.Dimensions.Count];
        var count = new long[v.Dimensions.Count];
        Array.Fill(count, 1);
        count[variable.LatitudeAxis] = grid.LatitudeCount;
        count[variable.LongitudeAxis] = grid.LongitudeCount;
        if (variable.TimeAxis >= 0)
        {
            if (timeIndex < 0 || timeIndex >= variable.Times.Count)
            {
                throw new DimensionMismatchException(FilePath, variable.FileName,
                    $"time index {timeIndex} is outside 0..{variable.Times.Count - 1}.");
            }

            start[variable.TimeAxis] = timeIndex;
        }

        if (variable.LevelAxis >= 0)
        {
            if (levelHpa is not int level)
            {
                throw new DimensionMismatchException(FilePath, variable.FileName,
                    $"has pressure levels {string.Join(", ", variable.LevelsHpa)} hPa; name one.");
            }

            int index = IndexOf(variable.LevelsHpa, level);
            start[variable.LevelAxis] = index >= 0 ? index : throw new DimensionMismatchException(FilePath, variable.FileName,
                $"has no level {level} hPa (has {string.Join(", ", variable.LevelsHpa)} hPa).");
        }

        ReadDecoded(variable, start, count, destination);
        if (!HasAnyValue(destination))
        {
            string where = (variable.Times.Count > 0 ? $"time {variable.Times[timeIndex]:yyyy-MM-dd HH:mm}" : "the field") +
                           (levelHpa is int l ? $" at {l} hPa" : "");
            throw new EmptyFieldException(FilePath, variable.FileName, where);
        }

        Arrange(variable, destination);
        if (variable.Scale != 1.0 || variable.Offset != 0.0)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)((destination[i] * variable.Scale) + variable.Offset);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private void ReadDecoded(DatasetVariable variable, long[] start, long[] count, Span<float> destination)
    {
        NetCdfVariable v = variable.Variable;
        var packing = CfPacking.For(v);
        if (v.Type is NetCdfType.Float or NetCdfType.Short or NetCdfType.Byte or NetCdfType.UByte or NetCdfType.UShort)
        {
            // Exact in float32: read straight into the destination and decode in place.
            _file.ReadFloat(v, start, count, destination);
            packing.Decode(destination);
        }
        else
        {
            var raw = new double[destination.Length];
            _file.ReadDouble(v, start, count, raw);
            packing.Decode(raw, destination);
        }
    }

    private static void Arrange(DatasetVariable variable, Span<float> values)
    {
        int rows = variable.Grid.LatitudeCount, columns = variable.Grid.LongitudeCount;
        if (variable.LongitudeAxis < variable.LatitudeAxis)
        {
            // Stored [lon, lat]: transpose to [lat, lon].
            float[] copy = values.ToArray();
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    values[(r * columns) + c] = copy[(c * rows) + r];
                }
            }
        }

        if (variable.LatitudeFlipped)
        {
            for (int top = 0, bottom = rows - 1; top < bottom; top++, bottom--)
            {
                Span<float> a = values.Slice(top * columns, columns), b = values.Slice(bottom * columns, columns);
                for (int c = 0; c < columns; c++)
                {
                    (a[c], b[c]) = (b[c], a[c]);
                }
            }
        }

        if (variable.LongitudeShift != 0)
        {
            for (int r = 0; r < rows; r++)
            {
                Span<float> row = values.Slice(r * columns, columns);
                row[..variable.LongitudeShift].Reverse();
                row[variable.LongitudeShift..].Reverse();
                row.Reverse();
            }
        }
    }

    private void Describe()
    {
        foreach (NetCdfVariable v in _file.Variables.Values.OrderBy(v => v.Id))
        {
            if (_file.Variables.ContainsKey(v.Name) && v.Dimensions.Count == 1 && v.Dimensions[0].Name == v.Name)
            {
                continue; // coordinate variable
            }

            CfAxisKind[] kinds = v.Dimensions.Select(Classify).ToArray();
            int lat = Array.IndexOf(kinds, CfAxisKind.Latitude), lon = Array.IndexOf(kinds, CfAxisKind.Longitude);
            if (lat < 0 || lon < 0)
            {
                continue; // not a gridded field (bounds, scalars, time_bnds …)
            }

            try
            {
                _variables.Add(DescribeVariable(v, kinds, lat, lon));
            }
            catch (DataFileException ex)
            {
                _problems.Add(new DatasetProblem(v.Name, ex));
            }
        }
    }

    private CfAxisKind Classify(NetCdfDimension dimension) =>
        _options.DimensionNames.TryGetValue(dimension.Name, out string? readAs) ? CfAxes.ClassifyName(readAs) : CfAxes.Classify(_file, dimension);

    private DatasetVariable DescribeVariable(NetCdfVariable v, CfAxisKind[] kinds, int lat, int lon)
    {
        for (int i = 0; i < kinds.Length; i++)
        {
            bool repeated = kinds[i] != CfAxisKind.Other && Array.IndexOf(kinds, kinds[i]) != i;
            if (repeated || (kinds[i] == CfAxisKind.Other && v.Dimensions[i].Length != 1))
            {
                throw new DimensionMismatchException(FilePath, v.Name,
                    $"dimensions ({string.Join(", ", v.Dimensions.Select(d => $"{d.Name}={d.Length}"))}) are not (time, [level], lat, lon): " +
                    $"cannot place '{v.Dimensions[i].Name}' (an archive manifest can name it, e.g. \"dimensions\": {{ \"{v.Dimensions[i].Name}\": \"time\" }}).");
            }
        }

        int time = Array.IndexOf(kinds, CfAxisKind.Time), lead = Array.IndexOf(kinds, CfAxisKind.Lead);
        if (time >= 0 && lead >= 0)
        {
            if (v.Dimensions[time].Length != 1 && v.Dimensions[lead].Length != 1)
            {
                throw new DimensionMismatchException(FilePath, v.Name, "has both a time and a lead dimension longer than 1; split the file per cycle.");
            }
        }

        int timeAxis = lead >= 0 && (time < 0 || v.Dimensions[time].Length == 1) ? lead : time;
        IReadOnlyList<DateTime> times = timeAxis < 0 ? [] : DecodeTimes(v.Dimensions[timeAxis], kinds[timeAxis]);
        int level = Array.IndexOf(kinds, CfAxisKind.Level);
        IReadOnlyList<int> levels = level < 0 ? [] : DecodeLevels(v.Dimensions[level]);

        (GridSpec grid, bool flipped, int shift) = DecodeGrid(v, v.Dimensions[lat], v.Dimensions[lon]);
        (VariableInfo? canonical, string units, string fileUnits, UnitConversion conversion) = Identify(v);
        return new DatasetVariable
        {
            FileName = v.Name,
            Canonical = canonical,
            Units = units,
            FileUnits = fileUnits,
            Scale = conversion.Scale,
            Offset = conversion.Offset,
            Grid = grid,
            Times = times,
            LevelsHpa = levels,
            DimensionNames = v.Dimensions.Select(d => d.Name).ToArray(),
            Variable = v,
            TimeAxis = timeAxis,
            LevelAxis = level,
            LatitudeAxis = lat,
            LongitudeAxis = lon,
            LatitudeFlipped = flipped,
            LongitudeShift = shift,
        };
    }

    private (VariableInfo? Canonical, string Units, string FileUnits, UnitConversion Conversion) Identify(NetCdfVariable v)
    {
        string fileUnits = v.TextAttribute("units") ?? "";
        if (!_options.Catalog.TryResolve(v.Name, out VariableAlias? alias))
        {
            return (null, fileUnits, fileUnits, UnitConversion.Identity);
        }

        VariableInfo canonical = alias.Variable;
        if (!alias.IsIdentity || fileUnits.Length == 0)
        {
            // The alias defines the conversion (e.g. gh in gpm → z in m² s⁻²), or the file does not say: trust the alias.
            return (canonical, canonical.Units, fileUnits, new UnitConversion(alias.Scale, alias.Offset));
        }

        UnitConversion conversion = UnitConversion.Find(fileUnits, canonical.Units) ??
            throw new DataFileException(FilePath, v.Name,
                $"units '{fileUnits}' cannot be converted to the canonical units '{canonical.Units}' of {canonical.Name}.");
        return (canonical, canonical.Units, fileUnits, conversion);
    }

    private (GridSpec Grid, bool Flipped, int Shift) DecodeGrid(NetCdfVariable v, NetCdfDimension latDim, NetCdfDimension lonDim)
    {
        double[] lats = ReadCoordinate(latDim, v.Name);
        double[] lons = ReadCoordinate(lonDim, v.Name);
        GridSpec grid;
        bool flipped;
        try
        {
            grid = GridSpec.FromAxes(lats, lons, out flipped);
        }
        catch (ArgumentException ex)
        {
            throw new UnsupportedGridException(FilePath, v.Name, ex.Message);
        }

        if (_options.Longitudes == LongitudeConvention.Native || grid.Convention == _options.Longitudes)
        {
            return (grid, flipped, 0);
        }

        if (grid.IsGlobalWrap)
        {
            // Roll columns so the first is the westernmost longitude in the requested convention.
            int shift = 0;
            double best = double.MaxValue;
            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                double lon = GridSpec.NormalizeLongitude(grid.Longitude(c), _options.Longitudes);
                if (lon < best - GridSpec.AngleTolerance)
                {
                    (best, shift) = (lon, c);
                }
            }

            return (grid with { FirstLongitude = best }, flipped, shift);
        }

        double first = GridSpec.NormalizeLongitude(grid.FirstLongitude, _options.Longitudes);
        double last = first + ((grid.LongitudeCount - 1) * grid.LongitudeStep);
        double upper = _options.Longitudes == LongitudeConvention.ZeroTo360 ? 360.0 : 180.0;
        if (last >= upper + GridSpec.AngleTolerance)
        {
            throw new UnsupportedGridException(FilePath, v.Name,
                $"regional grid {grid} crosses the edge of the {_options.Longitudes} longitude convention; read it with native longitudes");
        }

        return (grid with { FirstLongitude = first }, flipped, 0);
    }

    private double[] ReadCoordinate(NetCdfDimension dimension, string variable)
    {
        if (!_file.Variables.TryGetValue(dimension.Name, out NetCdfVariable? coordinate) || coordinate.Dimensions.Count != 1)
        {
            throw new UnsupportedGridException(FilePath, variable, $"dimension '{dimension.Name}' has no 1-D coordinate variable");
        }

        double[] values = _file.ReadAllDouble(coordinate);
        var packing = CfPacking.For(coordinate);
        if (packing.IsPacked)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (values[i] * packing.Scale) + packing.Offset;
            }
        }

        return values;
    }

    private IReadOnlyList<DateTime> DecodeTimes(NetCdfDimension dimension, CfAxisKind kind)
    {
        if (_timeCache.TryGetValue(dimension.Name, out IReadOnlyList<DateTime>? cached))
        {
            return cached;
        }

        if (!_file.Variables.TryGetValue(dimension.Name, out NetCdfVariable? coordinate))
        {
            throw new TimeAxisException(FilePath, dimension.Name, "time dimension has no coordinate variable.");
        }

        double[] offsets = _file.ReadAllDouble(coordinate);
        DateTime[] times = kind == CfAxisKind.Lead ? DecodeLeads(coordinate, offsets) : DecodeAbsolute(coordinate, offsets);
        _timeCache[dimension.Name] = times;
        return times;
    }

    private DateTime[] DecodeAbsolute(NetCdfVariable coordinate, double[] offsets)
    {
        string? units = coordinate.TextAttribute("units") ?? _options.TimeUnitsFallback;
        if (string.IsNullOrWhiteSpace(units))
        {
            throw new TimeAxisException(FilePath, coordinate.Name,
                "time coordinate has no units; supply a time origin (e.g. --time-units \"hours since 2026-01-01 00:00\", " +
                "or \"timeUnits\" in an archive manifest).");
        }

        try
        {
            CfTimeUnits parsed = CfTimeUnits.Parse(units, coordinate.TextAttribute("calendar"));
            return offsets.Select(parsed.ToDateTime).ToArray();
        }
        catch (FormatException ex)
        {
            throw new TimeAxisException(FilePath, coordinate.Name, ex.Message);
        }
    }

    private DateTime[] DecodeLeads(NetCdfVariable coordinate, double[] offsets)
    {
        // A lead axis (e.g. cfgrib's "step", hours) is relative to the reference time: a scalar or single-valued
        // "time" / forecast_reference_time variable.
        NetCdfVariable? reference = _file.Variables.Values.FirstOrDefault(v =>
            v.Shape.Aggregate(1L, (a, b) => a * b) == 1 && v.Dimensions.Count <= 1 &&
            (v.TextAttribute("standard_name") == "forecast_reference_time" || v.Name == "time"));
        if (reference is null)
        {
            throw new TimeAxisException(FilePath, coordinate.Name, "lead dimension without a scalar reference time (forecast_reference_time).");
        }

        DateTime origin = DecodeAbsolute(reference, _file.ReadAllDouble(reference))[0];
        string units = coordinate.TextAttribute("units") ?? "hours";
        TimeSpan unit = CfTimeUnits.ParseUnit(units) ??
            throw new TimeAxisException(FilePath, coordinate.Name, $"lead units '{units}' are not seconds, minutes, hours or days.");
        return offsets.Select(o => origin.AddSeconds(Math.Round(o * unit.TotalSeconds))).ToArray();
    }

    private int[] DecodeLevels(NetCdfDimension dimension)
    {
        if (!_file.Variables.TryGetValue(dimension.Name, out NetCdfVariable? coordinate))
        {
            throw new DimensionMismatchException(FilePath, dimension.Name, "level dimension has no coordinate variable.");
        }

        string units = (coordinate.TextAttribute("units") ?? "hPa").Trim().ToLowerInvariant();
        double toHpa = units is "pa" ? 0.01 : 1.0;
        return _file.ReadAllDouble(coordinate).Select(p => (int)Math.Round(p * toHpa)).ToArray();
    }

    private static bool HasAnyValue(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(IReadOnlyList<int> values, int value)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
