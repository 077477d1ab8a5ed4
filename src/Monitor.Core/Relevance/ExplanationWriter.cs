using System.Globalization;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Relevance.Summaries;

namespace Monitor.Core.Relevance;

/// <summary>
/// Writes one explained selection as CF-1.8 netCDF-4: one variable <c>relevance_{input}</c> per input on
/// (latitude, longitude), the prediction, the selection mask, the reference when there is one, and attributes saying
/// rule, selector, what was explained and relative to what, and the summary.
/// </summary>
public static class ExplanationWriter
{
    /// <summary>Writes selection <paramref name="selection"/> of <paramref name="explanation"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, GridSpec grid, Explanation explanation, int selection, ExplanationContext context, RegionSummary summary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(summary);
        string partial = path + ".partial";
        try
        {
            using (NetCdfFile file = NetCdfFile.CreateNetcdf4(partial))
            {
                WriteContent(file, grid, explanation, selection, context, summary);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
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

        NetCdfDimension lat = file.DefineDimension("latitude", grid.LatitudeCount);
        NetCdfDimension lon = file.DefineDimension("longitude", grid.LongitudeCount);
        NetCdfVariable latVar = file.DefineVariable("latitude", NetCdfType.Double, [lat]);
        Describe(file, latVar, "latitude", "latitude", "degrees_north");
        file.PutAttribute(latVar, "axis", "Y");
        NetCdfVariable lonVar = file.DefineVariable("longitude", NetCdfType.Double, [lon]);
        Describe(file, lonVar, "longitude", "longitude", "degrees_east");
        file.PutAttribute(lonVar, "axis", "X");

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
        NetCdfVariable? reference = null;
        if (context.Reference is not null)
        {
            reference = file.DefineVariable("reference", NetCdfType.Float, [lat, lon], 4);
            Describe(file, reference, "", $"reference field: {selector.RelativeTo}", targetUnits);
        }

        NetCdfVariable mask = file.DefineVariable("selection_mask", NetCdfType.Byte, [lat, lon], 4);
        Describe(file, mask, "", $"cells explained: {selector.Explained}", "1");
        file.PutAttribute(mask, "flag_values", NetCdfType.Byte, 0, 1);
        file.PutAttribute(mask, "flag_meanings", "outside inside");
        file.EndDefine();

        long[] start = [0, 0], count = [grid.LatitudeCount, grid.LongitudeCount];
        file.WriteDouble(latVar, [0], [grid.LatitudeCount], grid.Latitudes());
        file.WriteDouble(lonVar, [0], [grid.LongitudeCount], grid.Longitudes());
        foreach ((NetCdfVariable v, int channel) in maps)
        {
            file.WriteFloat(v, start, count, explanation.Map(selection, channel));
        }

        file.WriteFloat(prediction, start, count, context.Prediction);
        if (reference is not null)
        {
            file.WriteFloat(reference, start, count, context.Reference);
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
