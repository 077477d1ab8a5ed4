using Monitor.Core.Formats.Cf;
using Monitor.Core.Grids;
using Monitor.Core.Storage;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>
/// Writes a <see cref="CycleData"/> as a CF-1.8 netCDF-4 file that ncdump, xarray and cdo read: coordinate variables
/// <c>time</c> (valid time), <c>latitude</c> (north → south, as ERA5), <c>longitude</c>, <c>pressure_level</c>
/// where needed, a scalar <c>forecast_reference_time</c>, one float32 variable per canonical variable with units and
/// standard names, one field per chunk, deflate with shuffle. NaN is written as the default float fill value.
/// The file appears atomically (written beside, then renamed).
/// </summary>
public static class NetCdfCycleWriter
{
    /// <summary>Default zlib level: a good size/speed balance for smooth geophysical fields.</summary>
    public const int DefaultDeflateLevel = 4;

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/>.</summary>
    /// <param name="data">The cycle.</param>
    /// <param name="path">The file (written atomically).</param>
    /// <param name="catalog">Names, units and CF attributes of the variables.</param>
    /// <param name="deflateLevel">zlib level of the fields.</param>
    /// <param name="history">
    /// The CF <c>history</c> attribute: what wrote the file. No clock is added, so the same data give the same bytes
    /// (a synthetic archive is reproducible from its seed); callers that want a time stamp put it in here.
    /// </param>
    public static void Write(CycleData data, string path, VariableCatalog? catalog = null, int deflateLevel = DefaultDeflateLevel,
        string history = "written by V2V Monitor")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(path);
        catalog ??= VariableCatalog.Default;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.Replace(path, partial =>
        {
            using NetCdfFile file = NetCdfFile.CreateNetcdf4(partial);
            WriteContent(file, data, catalog, deflateLevel, history);
        });
    }

    private static void WriteContent(NetCdfFile file, CycleData data, VariableCatalog catalog, int deflateLevel, string history)
    {
        GridSpec grid = data.Grid;
        var timeUnits = new CfTimeUnits(TimeSpan.FromHours(1), data.Cycle.InitTime, "proleptic_gregorian");
        file.PutAttribute(null, "Conventions", "CF-1.8");
        file.PutAttribute(null, "title", $"Forecast cycle {data.Cycle}");
        file.PutAttribute(null, "source", "V2V Monitor");
        file.PutAttribute(null, "history", history);

        NetCdfDimension time = file.DefineDimension("time", data.LeadHours.Count);

        NetCdfVariable timeVar = file.DefineVariable("time", NetCdfType.Double, [time]);
        Describe(file, timeVar, "time", "valid time", timeUnits.ToString());
        file.PutAttribute(timeVar, "calendar", timeUnits.Calendar);
        file.PutAttribute(timeVar, "axis", "T");
        NetCdfVariable reference = file.DefineVariable("forecast_reference_time", NetCdfType.Double, []);
        Describe(file, reference, "forecast_reference_time", "forecast initialisation time", timeUnits.ToString());
        file.PutAttribute(reference, "calendar", timeUnits.Calendar);
        NetCdfVariable leadVar = file.DefineVariable("leadtime", NetCdfType.Int, [time]);
        Describe(file, leadVar, "forecast_period", "forecast lead time", "hours");
        var axes = CfGridAxes.Define(file, grid);
        NetCdfDimension lat = axes.Latitude, lon = axes.Longitude;

        // Pressure-level variables share a level dimension per distinct set of levels.
        var levelSets = new Dictionary<string, (NetCdfDimension Dimension, int[] Levels)>();
        var fields = new List<(NetCdfVariable Variable, int[] BlockIndices, bool HasLevel)>();
        foreach (IGrouping<string, (VariableId Id, int Index)> group in data.Variables.Select((id, i) => (id, i)).GroupBy(x => x.id.Name))
        {
            VariableInfo? info = catalog.TryResolve(group.Key, out VariableAlias? alias) ? alias.Variable : null;
            (VariableId Id, int Index)[] members = group.OrderBy(m => m.Id.PressureLevelHpa ?? 0).ToArray();
            bool hasLevel = members[0].Id.PressureLevelHpa is not null;
            var dims = new List<NetCdfDimension> { time };
            if (hasLevel)
            {
                int[] levels = members.Select(m => m.Id.PressureLevelHpa!.Value).ToArray();
                string key = string.Join(",", levels);
                if (!levelSets.TryGetValue(key, out var levelSet))
                {
                    string name = levelSets.Count == 0 ? "pressure_level" : $"pressure_level{levelSets.Count + 1}";
                    levelSet = (file.DefineDimension(name, levels.Length), levels);
                    levelSets[key] = levelSet;
                }

                dims.Add(levelSet.Dimension);
            }

            dims.Add(lat);
            dims.Add(lon);
            long[] chunks = dims.Select(d => d == lat ? d.Length : d == lon ? d.Length : 1L).ToArray();
            NetCdfVariable variable = file.DefineVariable(group.Key, NetCdfType.Float, dims, deflateLevel, chunks);
            file.PutAttribute(variable, "_FillValue", NetCdfType.Float, CfPacking.DefaultFill(NetCdfType.Float)!.Value);
            Describe(file, variable, info?.StandardName ?? "", info?.LongName ?? group.Key, info?.Units ?? "1");
            fields.Add((variable, members.Select(m => m.Index).ToArray(), hasLevel));
        }

        foreach (var levelSet in levelSets.Values)
        {
            NetCdfVariable levelVar = file.DefineVariable(levelSet.Dimension.Name, NetCdfType.Int, [levelSet.Dimension]);
            Describe(file, levelVar, "air_pressure", "pressure level", "hPa");
            file.PutAttribute(levelVar, "axis", "Z");
            file.PutAttribute(levelVar, "positive", "down");
            levelSets[string.Join(",", levelSet.Levels)] = levelSet;
            fields.Add((levelVar, [], false));
        }

        NetCdfVariable? orography = null, lsm = null;
        if (data.Statics is not null)
        {
            orography = DefineStatic(file, catalog["orography"], lat, lon, deflateLevel);
            lsm = DefineStatic(file, catalog["lsm"], lat, lon, deflateLevel);
        }

        file.EndDefine();

        file.WriteDouble(timeVar, [0], [data.LeadHours.Count], data.LeadHours.Select(h => (double)h).ToArray());
        file.WriteDouble(reference, [], [], [0.0]);
        file.WriteDouble(leadVar, [0], [data.LeadHours.Count], data.LeadHours.Select(h => (double)h).ToArray());
        axes.Write(file, grid);
        foreach (var levelSet in levelSets.Values)
        {
            file.WriteDouble(file.Variable(levelSet.Dimension.Name), [0], [levelSet.Levels.Length], levelSet.Levels.Select(l => (double)l).ToArray());
        }

        var buffer = new float[grid.CellCount];
        foreach (var (variable, blockIndices, hasLevel) in fields.Where(f => f.BlockIndices.Length > 0))
        {
            for (int t = 0; t < data.LeadHours.Count; t++)
            {
                for (int l = 0; l < blockIndices.Length; l++)
                {
                    ToFill(data.Field(t, blockIndices[l]), buffer);
                    long[] start = hasLevel ? [t, l, 0, 0] : [t, 0, 0];
                    long[] count = hasLevel ? [1, 1, grid.LatitudeCount, grid.LongitudeCount] : [1, grid.LatitudeCount, grid.LongitudeCount];
                    file.WriteFloat(variable, start, count, buffer);
                }
            }
        }

        if (data.Statics is { } statics)
        {
            ToFill(statics.OrographyM, buffer);
            file.WriteFloat(orography!, [0, 0], [grid.LatitudeCount, grid.LongitudeCount], buffer);
            ToFill(statics.LandSeaMask, buffer);
            file.WriteFloat(lsm!, [0, 0], [grid.LatitudeCount, grid.LongitudeCount], buffer);
        }
    }

    private static NetCdfVariable DefineStatic(NetCdfFile file, VariableInfo info, NetCdfDimension lat, NetCdfDimension lon, int deflateLevel)
    {
        NetCdfVariable variable = file.DefineVariable(info.Name, NetCdfType.Float, [lat, lon], deflateLevel);
        file.PutAttribute(variable, "_FillValue", NetCdfType.Float, CfPacking.DefaultFill(NetCdfType.Float)!.Value);
        Describe(file, variable, info.StandardName, info.LongName, info.Units);
        return variable;
    }

    private static void Describe(NetCdfFile file, NetCdfVariable variable, string standardName, string longName, string units)
    {
        if (standardName.Length > 0)
        {
            file.PutAttribute(variable, "standard_name", standardName);
        }

        file.PutAttribute(variable, "long_name", longName);
        file.PutAttribute(variable, "units", units);
    }

    private static void ToFill(ReadOnlySpan<float> source, Span<float> destination)
    {
        float fill = (float)CfPacking.DefaultFill(NetCdfType.Float)!.Value;
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = float.IsNaN(source[i]) ? fill : source[i];
        }
    }
}
