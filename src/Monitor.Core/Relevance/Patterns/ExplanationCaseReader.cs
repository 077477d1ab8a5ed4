using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Relevance.Summaries;

namespace Monitor.Core.Relevance.Patterns;

/// <summary>
/// Reads an explanation written by <see cref="ExplanationWriter"/> (<c>v2vmonitor explain</c>) as a
/// <see cref="RelevanceCase"/>: every <c>relevance_*</c> variable in file order, its <c>share</c>, the footprint and the
/// region's centroid from the global attributes.
/// </summary>
public static class ExplanationCaseReader
{
    private const string RelevancePrefix = "relevance_";

    /// <summary>Reads <paramref name="path"/> with windows of half-width <paramref name="halfWidth"/> cells.</summary>
    /// <exception cref="DataFileException">The file cannot be read or lacks what an explanation holds (named).</exception>
    public static RelevanceCase Read(string path, int halfWidth)
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
}
