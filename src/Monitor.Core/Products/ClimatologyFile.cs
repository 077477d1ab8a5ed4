using System.Globalization;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Products;

/// <summary>
/// One variable's climatology as CF netCDF-4: <c>climatology_{var}.nc</c> with dimensions <c>hour</c> (valid hour of
/// day, UTC; a single row −1 when hours are pooled), <c>dayofyear</c> (window centres), <c>latitude</c>,
/// <c>longitude</c>; float32 <c>{var}_p01 … {var}_p99</c>, <c>{var}_mean</c>, <c>{var}_std</c> over
/// <c>[hour, dayofyear, latitude, longitude]</c>; int <c>count</c> over <c>[hour, dayofyear]</c>; global attributes for
/// the window, leads, period and the cycles included.
/// </summary>
internal sealed class ClimatologyFile : IClimatologyTable
{
    private readonly NetCdfFile _file;
    private readonly NetCdfVariable[] _statistics;

    private ClimatologyFile(NetCdfFile file, ClimatologyVariableInfo info, NetCdfVariable[] statistics)
    {
        _file = file;
        Info = info;
        _statistics = statistics;
    }

    public ClimatologyVariableInfo Info { get; }

    public static string FileName(VariableId variable) => $"climatology_{variable}.nc";

    public static string StatisticName(VariableId variable, ClimateStatistic statistic) => $"{variable}_{ClimateStatistics.Name(statistic)}";

    /// <summary>Creates the file (define mode is left), chunked by <paramref name="rowsPerChunk"/> rows of one field.</summary>
    public static ClimatologyFile Create(string path, ClimatologyVariableInfo info, int rowsPerChunk, string source)
    {
        var c = CultureInfo.InvariantCulture;
        VariableInfo? catalog = VariableCatalog.Default.TryResolve(info.Variable.Name, out VariableAlias? alias) ? alias.Variable : null;
        NetCdfFile file = NetCdfFile.CreateNetcdf4(path);
        try
        {
            GridSpec grid = info.Grid;
            file.PutAttribute(null, "Conventions", "CF-1.8");
            file.PutAttribute(null, "title", $"Percentile climatology of {info.Variable}");
            file.PutAttribute(null, "source", $"V2V Monitor climatology build from {source}");
            file.PutAttribute(null, "variable", info.Variable.ToString());
            file.PutAttribute(null, "window_days", NetCdfType.Int, info.WindowDays);
            file.PutAttribute(null, "day_step", NetCdfType.Int, info.DayStep);
            file.PutAttribute(null, "window", $"day of year ±{info.WindowDays} days around each centre, 365-day calendar (29 February counted as 28 February), wrapping at the year's end");
            file.PutAttribute(null, "lead_hours", string.Join(",", info.LeadHours));
            file.PutAttribute(null, "hours_pooled", info.PoolsHours ? "true" : "false");
            file.PutAttribute(null, "percentile_definition", "linear interpolation between order statistics: h = q(n-1), Hyndman & Fan type 7, numpy.percentile default");
            file.PutAttribute(null, "std_definition", "population standard deviation (divisor n)");
            string first = info.Cycles.Count > 0 ? info.Cycles[0].InitTime.ToString("yyyy-MM-ddTHH:mm:ssZ", c) : "";
            string last = info.Cycles.Count > 0 ? info.Cycles[^1].ValidTime(info.LeadHours.Max()).ToString("yyyy-MM-ddTHH:mm:ssZ", c) : "";
            file.PutAttribute(null, "period", $"{first}/{last}");
            file.PutAttribute(null, "cycle_count", NetCdfType.Int, info.Cycles.Count);
            file.PutAttribute(null, "cycles", string.Join(",", info.Cycles));
            file.PutAttribute(null, "history", $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", c)} written by v2vmonitor climatology build");

            NetCdfDimension hour = file.DefineDimension("hour", info.HourSlots);
            NetCdfDimension day = file.DefineDimension("dayofyear", info.WindowCentres.Count);
            NetCdfVariable hourVar = file.DefineVariable("hour", NetCdfType.Int, [hour]);
            file.PutAttribute(hourVar, "long_name", "valid hour of day (UTC); -1 when all hours are pooled");
            file.PutAttribute(hourVar, "units", "h");
            NetCdfVariable dayVar = file.DefineVariable("dayofyear", NetCdfType.Int, [day]);
            file.PutAttribute(dayVar, "long_name", "centre of the day-of-year window (365-day calendar)");
            file.PutAttribute(dayVar, "units", "1");
            var axes = CfGridAxes.Define(file, grid);
            NetCdfDimension lat = axes.Latitude, lon = axes.Longitude;
            NetCdfVariable count = file.DefineVariable("count", NetCdfType.Int, [hour, day]);
            file.PutAttribute(count, "long_name", "number of samples in the window");
            file.PutAttribute(count, "units", "1");

            var statistics = new NetCdfVariable[ClimateStatistics.All.Count];
            foreach (ClimateStatistic s in ClimateStatistics.All)
            {
                NetCdfVariable v = file.DefineVariable(StatisticName(info.Variable, s), NetCdfType.Float, [hour, day, lat, lon], 1,
                    [1, 1, Math.Min(rowsPerChunk, grid.LatitudeCount), grid.LongitudeCount]);

                // Each chunk is written whole, once: a cache of one chunk avoids the library's default per variable.
                file.SetChunkCache(v, 4L * Math.Min(rowsPerChunk, grid.LatitudeCount) * grid.LongitudeCount, 7);
                string what = ClimateStatistics.IsPercentile(s)
                    ? $"{Ordinal((int)Math.Round(ClimateStatistics.Level(s) * 100))} percentile"
                    : s == ClimateStatistic.Mean ? "mean" : "standard deviation";
                file.PutAttribute(v, "long_name", $"{what} of {catalog?.LongName ?? info.Variable.ToString()}");
                if (catalog is not null)
                {
                    file.PutAttribute(v, "standard_name", catalog.StandardName);
                }

                file.PutAttribute(v, "units", info.Units);
                file.PutAttribute(v, "cell_methods", ClimateStatistics.IsPercentile(s)
                    ? $"time: percentile (interval: {2 * info.WindowDays + 1} days window)"
                    : $"time: {(s == ClimateStatistic.Mean ? "mean" : "standard_deviation")} (interval: {2 * info.WindowDays + 1} days window)");
                file.PutAttribute(v, "missing_value", NetCdfType.Float, double.NaN);
                statistics[(int)s] = v;
            }

            file.EndDefine();
            file.WriteDouble(hourVar, [0], [info.HourSlots], info.PoolsHours ? [-1.0] : info.Hours.Select(h => (double)h).ToArray());
            file.WriteDouble(dayVar, [0], [info.WindowCentres.Count], info.WindowCentres.Select(d => (double)d).ToArray());
            axes.Write(file, grid);
            file.WriteDouble(count, [0, 0], [info.HourSlots, info.WindowCentres.Count], info.Counts.Select(n => (double)n).ToArray());
            return new ClimatologyFile(file, info with { FilePath = path }, statistics);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens a climatology file and reads its metadata; throws <see cref="DataFileException"/> naming what is wrong.</summary>
    public static ClimatologyFile Open(string path)
    {
        NetCdfFile file = NetCdfFile.Open(path);
        try
        {
            string Text(string name) => file.GlobalAttributes.TryGetValue(name, out NetCdfAttributeValue? a) ? a.ToString() :
                throw new DataFileException(path, null, $"not a climatology file: global attribute '{name}' is missing.");
            VariableId variable = VariableId.TryParse(Text("variable"), VariableCatalog.Default, out VariableId id) ? id :
                throw new DataFileException(path, null, $"unknown variable '{Text("variable")}'.");
            GridSpec grid = GridSpec.FromAxes(file.ReadAllDouble(file.Variable("latitude")), file.ReadAllDouble(file.Variable("longitude")), out bool flipped);
            if (flipped)
            {
                throw new DataFileException(path, "latitude", "a climatology file stores rows north → south.");
            }

            int[] hours = [.. file.ReadAllDouble(file.Variable("hour")).Select(h => (int)h)];
            int[] centres = [.. file.ReadAllDouble(file.Variable("dayofyear")).Select(d => (int)d)];
            NetCdfVariable count = file.Variable("count");
            int[] counts = [.. file.ReadAllDouble(count).Select(n => (int)n)];
            var statistics = ClimateStatistics.All.Select(s => file.Variable(StatisticName(variable, s))).ToArray();
            string cycles = Text("cycles");
            var info = new ClimatologyVariableInfo(variable, statistics[0].TextAttribute("units") ?? "1", grid,
                (int)double.Parse(Text("window_days"), CultureInfo.InvariantCulture), centres,
                Text("hours_pooled") == "true" ? [] : hours,
                [.. Text("lead_hours").Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))],
                cycles.Length == 0 ? [] : [.. cycles.Split(',').Select(CycleId.Parse)], counts, path);
            return new ClimatologyFile(file, info, statistics);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            file.Dispose();
            throw new DataFileException(path, null, $"not a readable climatology file: {ex.Message}", ex);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes rows of one statistic at one hour row and window.</summary>
    public void Write(ClimateStatistic statistic, int hour, int window, int firstRow, int rowCount, ReadOnlySpan<float> values) =>
        _file.WriteFloat(_statistics[(int)statistic], [hour, window, firstRow, 0], [1, 1, rowCount, Info.Grid.LongitudeCount], values);

    /// <summary>Reads rows of one statistic at one hour row and window.</summary>
    public void Read(ClimateStatistic statistic, int hour, int window, int firstRow, int rowCount, Span<float> destination) =>
        _file.ReadFloat(_statistics[(int)statistic], [hour, window, firstRow, 0], [1, 1, rowCount, Info.Grid.LongitudeCount], destination);

    public void Dispose() => _file.Dispose();

    private static string Ordinal(int n) => n + (n % 10 == 1 && n != 11 ? "st" : "th");
}
