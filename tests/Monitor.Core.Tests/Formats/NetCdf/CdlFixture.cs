using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.NetCdf;

/// <summary>Writes netCDF fixtures from CDL text with Debian's <c>ncgen</c>, an implementation independent of ours.</summary>
internal static class CdlFixture
{
    /// <summary>Kinds ncgen accepts with <c>-k</c>.</summary>
    public const string Classic = "classic", Offset64 = "64-bit offset", Netcdf4 = "netCDF-4";

    /// <summary>Writes <paramref name="cdl"/> as a netCDF file of <paramref name="kind"/> and returns its path.</summary>
    public static string Write(TemporaryDirectory directory, string name, string cdl, string kind)
    {
        string cdlPath = directory.File(name + ".cdl");
        string ncPath = directory.File(name + ".nc");
        File.WriteAllText(cdlPath, cdl);
        ExternalTool.Run("ncgen", ["-k", kind, "-o", ncPath, cdlPath]);
        return ncPath;
    }

    /// <summary>
    /// A 2-time, 3×4 field of packed shorts (scale 0.01 K, offset 273.15 K), fill −32767 at one cell, latitudes stored
    /// south → north (−10, 0, 10), longitudes 0..360 (0, 90, 180, 270), times in hours since 1900-01-01.
    /// Raw values row r (south→north), column c, time t: 100·t + 10·r + c.
    /// </summary>
    public const string PackedT2m = """
        netcdf packed {
        dimensions:
          time = UNLIMITED ;
          latitude = 3 ;
          longitude = 4 ;
        variables:
          int time(time) ;
            time:units = "hours since 1900-01-01 00:00:00.0" ;
            time:calendar = "gregorian" ;
            time:standard_name = "time" ;
          float latitude(latitude) ;
            latitude:units = "degrees_north" ;
          float longitude(longitude) ;
            longitude:units = "degrees_east" ;
          short t2m(time, latitude, longitude) ;
            t2m:scale_factor = 0.01 ;
            t2m:add_offset = 273.15 ;
            t2m:_FillValue = -32767s ;
            t2m:units = "K" ;
            t2m:long_name = "2 metre temperature" ;
        data:
          time = 1108920, 1108926 ;
          latitude = -10, 0, 10 ;
          longitude = 0, 90, 180, 270 ;
          t2m = 0, 1, 2, 3,   10, 11, -32767, 13,   20, 21, 22, 23,
                100, 101, 102, 103,   110, 111, 112, 113,   120, 121, 122, 123 ;
        }
        """;
}
