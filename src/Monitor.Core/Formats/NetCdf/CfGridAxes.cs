using Monitor.Core.Grids;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>
/// The CF latitude/longitude axes every file we write shares: dimensions <c>latitude</c> and <c>longitude</c> with
/// coordinate variables of the same names (float64; <c>standard_name</c>, <c>long_name</c>, <c>units</c>
/// degrees_north/degrees_east, <c>axis</c> Y/X), in the grid's own row order.
/// </summary>
/// <param name="Latitude">The latitude dimension.</param>
/// <param name="Longitude">The longitude dimension.</param>
/// <param name="LatitudeVariable">The latitude coordinate variable.</param>
/// <param name="LongitudeVariable">The longitude coordinate variable.</param>
public sealed record CfGridAxes(NetCdfDimension Latitude, NetCdfDimension Longitude, NetCdfVariable LatitudeVariable, NetCdfVariable LongitudeVariable)
{
    /// <summary>Defines the axes of <paramref name="grid"/> (in define mode).</summary>
    public static CfGridAxes Define(NetCdfFile file, GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(grid);
        NetCdfDimension lat = file.DefineDimension("latitude", grid.LatitudeCount);
        NetCdfDimension lon = file.DefineDimension("longitude", grid.LongitudeCount);
        NetCdfVariable latVar = Coordinate(file, "latitude", lat, "degrees_north", "Y");
        NetCdfVariable lonVar = Coordinate(file, "longitude", lon, "degrees_east", "X");
        return new CfGridAxes(lat, lon, latVar, lonVar);
    }

    /// <summary>Writes the coordinate values of <paramref name="grid"/> (in data mode).</summary>
    public void Write(NetCdfFile file, GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(grid);
        file.WriteDouble(LatitudeVariable, [0], [grid.LatitudeCount], grid.Latitudes());
        file.WriteDouble(LongitudeVariable, [0], [grid.LongitudeCount], grid.Longitudes());
    }

    private static NetCdfVariable Coordinate(NetCdfFile file, string name, NetCdfDimension dimension, string units, string axis)
    {
        NetCdfVariable variable = file.DefineVariable(name, NetCdfType.Double, [dimension]);
        file.PutAttribute(variable, "standard_name", name);
        file.PutAttribute(variable, "long_name", name);
        file.PutAttribute(variable, "units", units);
        file.PutAttribute(variable, "axis", axis);
        return variable;
    }
}
