using System.Globalization;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary>
/// The explanation file (<c>v2vmonitor explain --out</c>, CF netCDF-4): relevance of every input on the model's grid,
/// the prediction, the reference state's prediction and the compared field when there are, the selection mask, and attributes saying what was explained,
/// relative to what, with which rules and kernels; and reading it back as a <see cref="RelevanceCase"/> for recurring
/// relevance patterns. Written atomically.
/// </summary>
public static class ExplanationFile
{
    private const string RelevancePrefix = "relevance_";

    /// <summary>
    /// Reads an explanation file as a <see cref="RelevanceCase"/> for pattern fitting: every <c>relevance_*</c> variable
    /// in file order, its <c>share</c>, the footprint and the region's centroid from the global attributes, with windows
    /// of half-width <paramref name="halfWidth"/> cells.
    /// </summary>
    /// <exception cref="DataFileException">The file cannot be read or lacks what an explanation holds (named).</exception>
    public static RelevanceCase ReadCase(string path, int halfWidth)
    {
        using NetCdfFile file = NetCdfFile.Open(path);
        double[] latitudes = file.ReadAllDouble(file.Variable("latitude"));
        double[] longitudes = file.ReadAllDouble(file.Variable("longitude"));
        GridSpec grid = GridSpec.FromAxes(latitudes, longitudes, out bool flipped);
        var variables = file.Variables.Values
            .Where(v => v.Name.StartsWith(RelevancePrefix, StringComparison.Ordinal))
            .OrderBy(v => v.Id)
            .ToList();
        if (variables.Count == 0)
        {
            throw new DataFileException(path, null, "has no relevance_* variable: not an explanation written by v2vmonitor explain.");
        }

        var inputs = variables.Select(v => v.TextAttribute("input_variable") ?? v.Name[RelevancePrefix.Length..]).ToList();
        var shares = variables.Select(v => v.NumberAttribute("share")
            ?? throw new DataFileException(path, v.Name, "has no 'share' attribute.")).ToList();
        var maps = variables.Select(v => ReadMap(file, v, grid, flipped)).ToList();
        var footprint = new Footprint(
            Global(file, "footprint_mean_distance_km"), Global(file, "footprint_east_km"), Global(file, "footprint_north_km"), null);
        return RelevanceCase.Create(Path.GetFileName(path), grid, inputs, maps, shares, footprint,
            Global(file, "region_centroid_latitude"), Global(file, "region_centroid_longitude"), halfWidth);
    }

    private static float[] ReadMap(NetCdfFile file, NetCdfVariable variable, GridSpec grid, bool flipped)
    {
        if (variable.Shape is not [var rows, var columns] || rows != grid.LatitudeCount || columns != grid.LongitudeCount)
        {
            throw new DataFileException(file.FilePath, variable.Name,
                $"is [{string.Join(", ", variable.Shape)}]; expected [latitude, longitude] = [{grid.LatitudeCount}, {grid.LongitudeCount}].");
        }

        var map = new float[grid.CellCount];
        file.ReadFloat(variable, [0, 0], [rows, columns], map);
        if (flipped)
        {
            // South → north on file: GridSpec orders rows north → south.
            var swap = new float[grid.LongitudeCount];
            for (int row = 0; row < grid.LatitudeCount / 2; row++)
            {
                Span<float> north = map.AsSpan(row * grid.LongitudeCount, grid.LongitudeCount);
                Span<float> south = map.AsSpan((grid.LatitudeCount - 1 - row) * grid.LongitudeCount, grid.LongitudeCount);
                north.CopyTo(swap);
                south.CopyTo(north);
                swap.CopyTo(south);
            }
        }

        return map;
    }

    private static double Global(NetCdfFile file, string name) =>
        file.GlobalAttributes.TryGetValue(name, out NetCdfAttributeValue? value) && value.Numbers.Count > 0
            ? value.Numbers[0]
            : throw new DataFileException(file.FilePath, null,
                $"has no numeric global attribute '{name}' (written by v2vmonitor explain since the relevance-pattern release).");

    /// <summary>Writes selection <paramref name="selection"/> of <paramref name="explanation"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, GridSpec grid, Explanation explanation, int selection, ExplanationContext context, RegionSummary summary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(summary);
        AtomicFile.Replace(path, partial =>
        {
            using NetCdfFile file = NetCdfFile.CreateNetcdf4(partial);
            WriteContent(file, grid, explanation, selection, context, summary);
        });
    }

    private static void WriteContent(NetCdfFile file, GridSpec grid, Explanation explanation, int selection, ExplanationContext context, RegionSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        var selector = explanation.Selectors[selection];
        file.PutAttribute(null, "Conventions", "CF-1.8");
        file.PutAttribute(null, "title", $"Layer-wise relevance of {context.Model}'s {context.Target} at +{context.LeadHours} h of cycle {context.Cycle}");
        file.PutAttribute(null, "source", "V2V Monitor");
        file.PutAttribute(null, "history", $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", c)} written by v2vmonitor explain");
        file.PutAttribute(null, "model", context.Model);
        file.PutAttribute(null, "target", context.Target);
        file.PutAttribute(null, "forecast_reference_time", context.Cycle.InitTime.ToString("yyyy-MM-ddTHH:mm:ssZ", c));
        file.PutAttribute(null, "lead_hours", NetCdfType.Int, context.LeadHours);
        file.PutAttribute(null, "valid_time", context.Cycle.InitTime.AddHours(context.LeadHours).ToString("yyyy-MM-ddTHH:mm:ssZ", c));
        file.PutAttribute(null, "method", context.Method);
        file.PutAttribute(null, "reference_state", context.Reference);
        file.PutAttribute(null, "reference_state_description", context.ReferenceDescription);
        file.PutAttribute(null, "area_weighted", selector.AreaWeighted ? "true" : "false");
        file.PutAttribute(null, "rule", context.Composite);
        file.PutAttribute(null, "layer_rules", string.Join("; ", context.LayerRules));
        file.PutAttribute(null, "zbox_bounds_source", context.BoundsSource);
        file.PutAttribute(null, "convolution_kernels", context.Kernels);
        file.PutAttribute(null, "selector", selector.Kind.ToString().ToLowerInvariant());
        file.PutAttribute(null, "explained", selector.Explained);
        file.PutAttribute(null, "relative_to", selector.RelativeTo);
        file.PutAttribute(null, "relevance_units",
            $"the network's output units: {context.Target} standardised, (value - mean) / standard deviation of the training sample");
        file.PutAttribute(null, "output_relevance", NetCdfType.Double, summary.OutputRelevance);
        file.PutAttribute(null, "input_relevance", NetCdfType.Double, summary.InputRelevance);
        file.PutAttribute(null, "conservation_residual", NetCdfType.Double, summary.ConservationResidual);
        file.PutAttribute(null, "footprint", summary.Footprint.Describe());
        file.PutAttribute(null, "region_centroid", string.Create(c, $"{summary.CentroidLatitude:F3}N {summary.CentroidLongitude:F3}E"));
        file.PutAttribute(null, "region_area_km2", NetCdfType.Double, summary.AreaKm2);
        file.PutAttribute(null, "region_centroid_latitude", NetCdfType.Double, summary.CentroidLatitude);
        file.PutAttribute(null, "region_centroid_longitude", NetCdfType.Double, summary.CentroidLongitude);
        file.PutAttribute(null, "footprint_east_km", NetCdfType.Double, summary.Footprint.EastKm);
        file.PutAttribute(null, "footprint_north_km", NetCdfType.Double, summary.Footprint.NorthKm);
        file.PutAttribute(null, "footprint_mean_distance_km", NetCdfType.Double, summary.Footprint.MeanDistanceKm);

        var axes = CfGridAxes.Define(file, grid);
        NetCdfDimension lat = axes.Latitude, lon = axes.Longitude;

        var maps = new List<(NetCdfVariable Variable, int Channel)>();
        for (int i = 0; i < context.Inputs.Count; i++)
        {
            string input = context.Inputs[i];
            VariableRelevance totals = summary.Variables[i];
            NetCdfVariable v = file.DefineVariable($"relevance_{input}", NetCdfType.Float, [lat, lon], 4);
            Describe(file, v, "", $"relevance of input {input} for {selector.Explained}", "1");
            file.PutAttribute(v, "input_variable", input);
            file.PutAttribute(v, "input_units", VariableCatalog.Default.TryResolve(input, out VariableAlias? alias) ? alias.Variable.Units : "unknown");
            file.PutAttribute(v, "sum", NetCdfType.Double, totals.Sum);
            file.PutAttribute(v, "absolute_sum", NetCdfType.Double, totals.Absolute);
            file.PutAttribute(v, "share", NetCdfType.Double, totals.Share);
            file.PutAttribute(v, "positive_sum", NetCdfType.Double, totals.Positive);
            file.PutAttribute(v, "negative_sum", NetCdfType.Double, totals.Negative);
            maps.Add((v, i));
        }

        string targetUnits = VariableCatalog.Default.TryResolve(context.Target, out VariableAlias? target) ? target.Variable.Units : "1";
        NetCdfVariable prediction = file.DefineVariable("prediction", NetCdfType.Float, [lat, lon], 4);
        Describe(file, prediction, target?.Variable.StandardName ?? "", $"{context.Model}'s prediction of {context.Target}", targetUnits);
        NetCdfVariable? referencePrediction = null;
        if (context.ReferencePrediction is not null)
        {
            referencePrediction = file.DefineVariable("reference_prediction", NetCdfType.Float, [lat, lon], 4);
            Describe(file, referencePrediction, "", $"{context.Model}'s prediction of {context.Target} for the reference state: {context.ReferenceDescription}", targetUnits);
        }

        NetCdfVariable? comparison = null;
        if (context.Comparison is not null)
        {
            comparison = file.DefineVariable("comparison", NetCdfType.Float, [lat, lon], 4);
            Describe(file, comparison, "", $"field the error selector compares with: {selector.RelativeTo}", targetUnits);
        }

        NetCdfVariable mask = file.DefineVariable("selection_mask", NetCdfType.Byte, [lat, lon], 4);
        Describe(file, mask, "", $"cells explained: {selector.Explained}", "1");
        file.PutAttribute(mask, "flag_values", NetCdfType.Byte, 0, 1);
        file.PutAttribute(mask, "flag_meanings", "outside inside");
        file.EndDefine();

        long[] start = [0, 0], count = [grid.LatitudeCount, grid.LongitudeCount];
        axes.Write(file, grid);
        foreach ((NetCdfVariable v, int channel) in maps)
        {
            file.WriteFloat(v, start, count, explanation.Map(selection, channel));
        }

        file.WriteFloat(prediction, start, count, context.Prediction);
        if (referencePrediction is not null)
        {
            file.WriteFloat(referencePrediction, start, count, context.ReferencePrediction);
        }

        if (comparison is not null)
        {
            file.WriteFloat(comparison, start, count, context.Comparison);
        }

        file.WriteFloat(mask, start, count, selector.Mask.Select(m => m ? 1f : 0f).ToArray());
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
}
