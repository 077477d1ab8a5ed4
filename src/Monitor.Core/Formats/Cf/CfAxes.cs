using Monitor.Core.Formats.NetCdf;

namespace Monitor.Core.Formats.Cf;

/// <summary>
/// Recognises what a dimension is from its coordinate variable (CF Conventions §4): <c>axis</c>, <c>standard_name</c>,
/// <c>units</c>, and the names ERA5, cfgrib, grib_to_netcdf, CMIP and GFS files use.
/// </summary>
public static class CfAxes
{
    private static readonly HashSet<string> s_latitudeNames = new(StringComparer.OrdinalIgnoreCase) { "lat", "latitude", "y", "rlat", "nav_lat" };
    private static readonly HashSet<string> s_longitudeNames = new(StringComparer.OrdinalIgnoreCase) { "lon", "longitude", "x", "rlon", "nav_lon" };
    private static readonly HashSet<string> s_timeNames = new(StringComparer.OrdinalIgnoreCase) { "time", "valid_time", "t", "times" };
    private static readonly HashSet<string> s_leadNames = new(StringComparer.OrdinalIgnoreCase) { "step", "lead", "lead_time", "leadtime", "forecast_period" };
    private static readonly HashSet<string> s_levelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "level", "lev", "plev", "pressure_level", "isobaricinhpa", "pressure", "isobaric", "levels",
    };

    /// <summary>Classifies a dimension of <paramref name="file"/>.</summary>
    public static CfAxisKind Classify(NetCdfFile file, NetCdfDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(dimension);
        file.Variables.TryGetValue(dimension.Name, out NetCdfVariable? coordinate);
        string? axis = coordinate?.TextAttribute("axis")?.Trim().ToUpperInvariant();
        string? standardName = coordinate?.TextAttribute("standard_name")?.Trim().ToLowerInvariant();
        string units = coordinate?.TextAttribute("units")?.Trim().ToLowerInvariant() ?? "";

        if (standardName == "latitude" || units is "degrees_north" or "degree_north" or "degrees_n" or "degree_n" or "degreen" ||
            axis == "Y" || s_latitudeNames.Contains(dimension.Name))
        {
            return CfAxisKind.Latitude;
        }

        if (standardName == "longitude" || units is "degrees_east" or "degree_east" or "degrees_e" or "degree_e" or "degreee" ||
            axis == "X" || s_longitudeNames.Contains(dimension.Name))
        {
            return CfAxisKind.Longitude;
        }

        if (standardName == "forecast_period" || s_leadNames.Contains(dimension.Name))
        {
            return CfAxisKind.Lead;
        }

        if (standardName is "time" || axis == "T" || units.Contains(" since ", StringComparison.Ordinal) || s_timeNames.Contains(dimension.Name))
        {
            return CfAxisKind.Time;
        }

        if (standardName is "air_pressure" || axis == "Z" || units is "hpa" or "millibar" or "mbar" or "pa" || s_levelNames.Contains(dimension.Name))
        {
            return CfAxisKind.Level;
        }

        return CfAxisKind.Other;
    }

    /// <summary>
    /// Classifies a dimension by a name alone (<c>time</c>, <c>step</c>, <c>level</c>, <c>latitude</c>, <c>lon</c> …), for
    /// dimensions a user names (an archive manifest's <c>dimensions</c>); <see cref="CfAxisKind.Other"/> for any other name.
    /// </summary>
    public static CfAxisKind ClassifyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_latitudeNames.Contains(name) ? CfAxisKind.Latitude
            : s_longitudeNames.Contains(name) ? CfAxisKind.Longitude
            : s_leadNames.Contains(name) ? CfAxisKind.Lead
            : s_timeNames.Contains(name) ? CfAxisKind.Time
            : s_levelNames.Contains(name) ? CfAxisKind.Level
            : CfAxisKind.Other;
    }
}
