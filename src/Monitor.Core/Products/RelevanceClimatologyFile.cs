using System.Globalization;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary>
/// A model's relevance climatology as CF netCDF-4, <c>relevance_climatology_{model}.nc</c>: dimensions <c>location</c>
/// (the grid-cell bins row-major, then the watch regions), <c>lead</c> (h; −1 = pooled), <c>hour</c> (valid hour UTC;
/// −1 = pooled), <c>season</c> (DJF, MAM, JJA, SON), <c>feature</c> and <c>feature_b</c>; int <c>count</c> and double
/// <c>weight</c> over <c>[location, lead, hour, season]</c>, double <c>mean</c> over <c>[…, feature]</c> and
/// <c>comoment</c> over <c>[…, feature, feature_b]</c> (West's weighted co-moments; covariance = comoment / weight);
/// the model's unexplained departure per cell, int <c>departure_count</c> and double <c>departure_mean</c>,
/// <c>departure_squares</c> (Welford's sum of squared deviations; variance = squares / (count − 1)) over
/// <c>[lead, hour, season, latitude, longitude]</c>, absent in files written before they were kept (read as empty);
/// the grid's latitude and longitude axes; the watch regions' boxes; global attributes for the model, inputs, features,
/// bin size, reference state, method and the cycles included. Written beside the final name and renamed.
/// </summary>
public static class RelevanceClimatologyFile
{
    private static readonly string[] WatchSides = ["south", "north", "west", "east"];

    /// <summary>The file name of <paramref name="model"/>'s climatology in a directory.</summary>
    public static string FileName(string model) => $"relevance_climatology_{model}.nc";

    /// <summary>Writes <paramref name="climatology"/> to <paramref name="path"/> (replacing it whole).</summary>
    public static void Save(RelevanceClimatology climatology, string path)
    {
        ArgumentNullException.ThrowIfNull(climatology);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Replace(path, partial => Write(climatology, partial));
    }

    /// <summary>Reads a relevance climatology; throws <see cref="DataFileException"/> naming the file and what is wrong.</summary>
    public static RelevanceClimatology Load(string path, RelevanceClimatologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, null, "no relevance climatology here; build one with 'v2vmonitor climatology relevance'.");
        }

        using NetCdfFile file = NetCdfFile.Open(path);
        try
        {
            return Read(file, path, options);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new DataFileException(path, null, $"not a readable relevance climatology: {ex.Message}", ex);
        }
    }

    private static void Write(RelevanceClimatology climatology, string path)
    {
        RelevanceClimatologyInfo info = climatology.Info;
        RelevanceLocations locations = info.Locations;
        if (locations.Watches.FirstOrDefault(w => w.Name.Contains('\n', StringComparison.Ordinal)) is { } badName)
        {
            throw new ArgumentException($"Watch region name '{badName.Name}' has a line break.");
        }

        int d = climatology.FeatureNames.Count, slots = info.SlotCount;
        using NetCdfFile file = NetCdfFile.CreateNetcdf4(path);
        file.PutAttribute(null, "Conventions", "CF-1.8");
        file.PutAttribute(null, "title", $"Relevance climatology of model {info.Model} ({info.Target})");
        file.PutAttribute(null, "source", "V2V Monitor: running weighted moments of reference-relative relevance compositions (docs/alerts.md)");
        file.PutAttribute(null, "model", info.Model);
        file.PutAttribute(null, "target", info.Target);
        file.PutAttribute(null, "inputs", string.Join(",", info.Inputs));
        file.PutAttribute(null, "features", string.Join(",", climatology.FeatureNames));
        file.PutAttribute(null, "bin_cells", NetCdfType.Int, locations.BinCells);
        file.PutAttribute(null, "reference_state", info.Reference);
        file.PutAttribute(null, "method", info.Method);
        file.PutAttribute(null, "robust_b1", climatology.Options.RobustB1 is double b1 ? b1.ToString("R", CultureInfo.InvariantCulture) : "none");
        file.PutAttribute(null, "cycle_count", NetCdfType.Int, climatology.Cycles.Count);
        file.PutAttribute(null, "cycles", string.Join(",", climatology.Cycles));
        file.PutAttribute(null, "history", $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} written by V2V Monitor");

        NetCdfDimension location = file.DefineDimension("location", locations.Count);
        NetCdfDimension lead = file.DefineDimension("lead", info.LeadSlots.Count);
        NetCdfDimension hour = file.DefineDimension("hour", info.Hours.Count);
        NetCdfDimension season = file.DefineDimension("season", MeteorologicalSeason.Names.Count);
        NetCdfDimension feature = file.DefineDimension("feature", d);
        NetCdfDimension featureB = file.DefineDimension("feature_b", d);
        NetCdfVariable leadVar = Axis(file, "lead", lead, "lead time (h); -1 when all leads are pooled", "h");
        NetCdfVariable hourVar = Axis(file, "hour", hour, "valid hour of day (UTC); -1 when all hours are pooled", "h");
        NetCdfVariable seasonVar = Axis(file, "season", season, "meteorological season", "1");
        file.PutAttribute(seasonVar, "flag_values", NetCdfType.Int, 0, 1, 2, 3);
        file.PutAttribute(seasonVar, "flag_meanings", string.Join(" ", MeteorologicalSeason.Names));
        CfGridAxes axes = CfGridAxes.Define(file, locations.Grid);
        NetCdfVariable[]? watchBoxes = null;
        if (locations.Watches.Count > 0)
        {
            NetCdfDimension watch = file.DefineDimension("watch", locations.Watches.Count);
            file.PutAttribute(null, "watch_names", string.Join("\n", locations.Watches.Select(w => w.Name)));
            watchBoxes = [.. WatchSides.Select(side =>
            {
                NetCdfVariable v = file.DefineVariable($"watch_{side}", NetCdfType.Double, [watch]);
                file.PutAttribute(v, "long_name", $"{side} edge of the watch region");
                file.PutAttribute(v, "units", side is "south" or "north" ? "degrees_north" : "degrees_east");
                return v;
            })];
        }

        NetCdfVariable count = Statistic(file, "count", NetCdfType.Int, [location, lead, hour, season], "explanations added", "1");
        NetCdfVariable weight = Statistic(file, "weight", NetCdfType.Double, [location, lead, hour, season], "total weight of the explanations added (outliers count less)", "1");
        NetCdfVariable mean = Statistic(file, "mean", NetCdfType.Double, [location, lead, hour, season, feature], "weighted mean of each feature", "1");
        NetCdfVariable comoment = Statistic(file, "comoment", NetCdfType.Double, [location, lead, hour, season, feature, featureB],
            "weighted co-moment: sum of w (x - mean)(x - mean)^T; covariance = comoment / weight", "1");
        NetCdfDimension[] departureShape = [lead, hour, season, axes.Latitude, axes.Longitude];
        string units = VariableCatalog.Default.TryResolve(info.Target, out VariableAlias? target) ? target.Variable.Units : "1";
        NetCdfVariable departureCount = Statistic(file, "departure_count", NetCdfType.Int, departureShape, "unexplained departures added", "1");
        NetCdfVariable departureMean = Statistic(file, "departure_mean", NetCdfType.Double, departureShape,
            "mean unexplained departure of the target: (forecast - climatological mean) - (prediction - prediction for the climatological inputs)", units);
        NetCdfVariable departureSquares = Statistic(file, "departure_squares", NetCdfType.Double, departureShape,
            "sum of squared deviations of the unexplained departure from its mean; variance = squares / (count - 1)", $"({units})2");
        file.EndDefine();

        file.WriteDouble(leadVar, [0], [info.LeadSlots.Count], [.. info.LeadSlots.Select(l => (double)l)]);
        file.WriteDouble(hourVar, [0], [info.Hours.Count], [.. info.Hours.Select(h => (double)h)]);
        file.WriteDouble(seasonVar, [0], [4], [0, 1, 2, 3]);
        axes.Write(file, locations.Grid);
        if (watchBoxes is not null)
        {
            int n = locations.Watches.Count;
            file.WriteDouble(watchBoxes[0], [0], [n], [.. locations.Watches.Select(w => w.South)]);
            file.WriteDouble(watchBoxes[1], [0], [n], [.. locations.Watches.Select(w => w.North)]);
            file.WriteDouble(watchBoxes[2], [0], [n], [.. locations.Watches.Select(w => w.West)]);
            file.WriteDouble(watchBoxes[3], [0], [n], [.. locations.Watches.Select(w => w.East)]);
        }

        var counts = new double[slots];
        var weights = new double[slots];
        var means = new double[(long)slots * d];
        var comoments = new double[(long)slots * d * d];
        for (int s = 0; s < slots; s++)
        {
            if (climatology.Moments(s) is { } moments)
            {
                counts[s] = moments.Count;
                weights[s] = moments.Weight;
                moments.Mean.CopyTo(means.AsSpan(s * d, d));
                moments.Comoment.CopyTo(comoments.AsSpan(s * d * d, d * d));
            }
        }

        long[] start = [0, 0, 0, 0];
        long[] shape = [locations.Count, info.LeadSlots.Count, info.Hours.Count, 4];
        file.WriteDouble(count, start, shape, counts);
        file.WriteDouble(weight, start, shape, weights);
        file.WriteDouble(mean, [.. start, 0], [.. shape, d], means);
        file.WriteDouble(comoment, [.. start, 0, 0], [.. shape, d, d], comoments);

        CellDepartureMoments departures = climatology.Departures;
        int cells = departures.CellCount;
        var departureCounts = new double[(long)departures.SlotCount * cells];
        var departureMeans = new double[departureCounts.Length];
        var departureSquaresAll = new double[departureCounts.Length];
        for (int s = 0; s < departures.SlotCount; s++)
        {
            if (departures.Slot(s) is var (slotCounts, slotMeans, slotSquares))
            {
                for (int i = 0; i < cells; i++)
                {
                    departureCounts[(s * cells) + i] = slotCounts[i];
                }

                slotMeans.CopyTo(departureMeans.AsSpan(s * cells, cells));
                slotSquares.CopyTo(departureSquaresAll.AsSpan(s * cells, cells));
            }
        }

        long[] departureStart = [0, 0, 0, 0, 0];
        long[] departureExtent = [info.LeadSlots.Count, info.Hours.Count, 4, locations.Grid.LatitudeCount, locations.Grid.LongitudeCount];
        file.WriteDouble(departureCount, departureStart, departureExtent, departureCounts);
        file.WriteDouble(departureMean, departureStart, departureExtent, departureMeans);
        file.WriteDouble(departureSquares, departureStart, departureExtent, departureSquaresAll);
    }

    private static RelevanceClimatology Read(NetCdfFile file, string path, RelevanceClimatologyOptions options)
    {
        string Text(string name) => file.GlobalAttributes.TryGetValue(name, out NetCdfAttributeValue? a) ? a.ToString() :
            throw new DataFileException(path, null, $"not a relevance climatology: global attribute '{name}' is missing.");
        string[] List(string name) => Text(name).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string model = Text("model");
        GridSpec grid = GridSpec.FromAxes(file.ReadAllDouble(file.Variable("latitude")), file.ReadAllDouble(file.Variable("longitude")), out bool flipped);
        if (flipped)
        {
            throw new DataFileException(path, "latitude", "a relevance climatology stores rows north → south.");
        }

        var watches = new List<WatchRegion>();
        if (file.GlobalAttributes.ContainsKey("watch_names"))
        {
            string[] names = Text("watch_names").Split('\n');
            double[][] boxes = [.. WatchSides.Select(side => file.ReadAllDouble(file.Variable($"watch_{side}")))];
            watches.AddRange(names.Select((name, i) => new WatchRegion(name, boxes[0][i], boxes[1][i], boxes[2][i], boxes[3][i])));
        }

        var locations = new RelevanceLocations(grid, (int)double.Parse(Text("bin_cells"), CultureInfo.InvariantCulture), watches);
        var info = new RelevanceClimatologyInfo(model, Text("target"), List("inputs"), locations,
            [.. file.ReadAllDouble(file.Variable("lead")).Select(l => (int)l)],
            [.. file.ReadAllDouble(file.Variable("hour")).Select(h => (int)h)],
            Text("reference_state"), Text("method")).Validate();
        IReadOnlyList<string> features = RelevanceFeatures.Names(info.Inputs);
        if (!features.SequenceEqual(List("features")))
        {
            throw new DataFileException(path, null, $"features {Text("features")} are not those of inputs {Text("inputs")} ({string.Join(",", features)}).");
        }

        if (file.Variable("count").Shape[0] != locations.Count)
        {
            throw new DataFileException(path, "count", $"{file.Variable("count").Shape[0]} locations where the grid's bins and the watch regions make {locations.Count}.");
        }

        int d = features.Count, slots = info.SlotCount;
        double[] counts = file.ReadAllDouble(file.Variable("count"));
        double[] weights = file.ReadAllDouble(file.Variable("weight"));
        double[] means = file.ReadAllDouble(file.Variable("mean"));
        double[] comoments = file.ReadAllDouble(file.Variable("comoment"));
        if (counts.Length != slots || weights.Length != slots || means.Length != (long)slots * d || comoments.Length != (long)slots * d * d)
        {
            throw new DataFileException(path, "comoment", $"the statistics do not have {slots} slots of {d} features.");
        }

        var moments = new WeightedMoments?[slots];
        for (int s = 0; s < slots; s++)
        {
            if (counts[s] > 0)
            {
                moments[s] = new WeightedMoments((int)counts[s], weights[s], means[(s * d)..((s + 1) * d)], comoments[(s * d * d)..((s + 1) * d * d)]);
            }
        }

        int cellSlots = info.LeadSlots.Count * info.Hours.Count * MeteorologicalSeason.Names.Count;
        var departures = new CellDepartureMoments(cellSlots, grid.CellCount);
        if (file.Variables.ContainsKey("departure_count"))
        {
            double[] departureCounts = file.ReadAllDouble(file.Variable("departure_count"));
            double[] departureMeans = file.ReadAllDouble(file.Variable("departure_mean"));
            double[] departureSquares = file.ReadAllDouble(file.Variable("departure_squares"));
            long expected = (long)cellSlots * grid.CellCount;
            if (departureCounts.Length != expected || departureMeans.Length != expected || departureSquares.Length != expected)
            {
                throw new DataFileException(path, "departure_count", $"the unexplained departures do not have {cellSlots} slots of {grid.CellCount} cells.");
            }

            int cells = grid.CellCount;
            for (int s = 0; s < cellSlots; s++)
            {
                int[] cellCounts = [.. departureCounts.AsSpan(s * cells, cells).ToArray().Select(c => (int)c)];
                if (cellCounts.Any(c => c > 0))
                {
                    departures.Restore(s, cellCounts, departureMeans[(s * cells)..((s + 1) * cells)], departureSquares[(s * cells)..((s + 1) * cells)]);
                }
            }
        }

        string cycles = Text("cycles");
        return new RelevanceClimatology(info, options, moments, cycles.Length == 0 ? [] : cycles.Split(',').Select(CycleId.Parse), departures);
    }

    private static NetCdfVariable Axis(NetCdfFile file, string name, NetCdfDimension dimension, string longName, string units)
    {
        NetCdfVariable variable = file.DefineVariable(name, NetCdfType.Int, [dimension]);
        file.PutAttribute(variable, "long_name", longName);
        file.PutAttribute(variable, "units", units);
        return variable;
    }

    private static NetCdfVariable Statistic(NetCdfFile file, string name, NetCdfType type, IReadOnlyList<NetCdfDimension> dimensions, string longName, string units)
    {
        NetCdfVariable variable = file.DefineVariable(name, type, dimensions);
        file.PutAttribute(variable, "long_name", longName);
        file.PutAttribute(variable, "units", units);
        return variable;
    }
}
