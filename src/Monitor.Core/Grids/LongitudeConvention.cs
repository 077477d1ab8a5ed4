namespace Monitor.Core.Grids;

/// <summary>How longitudes are numbered on a grid.</summary>
public enum LongitudeConvention
{
    /// <summary>Whatever the source uses; no change.</summary>
    Native,

    /// <summary>Degrees east in [0, 360), as ERA5 and most GRIB products.</summary>
    ZeroTo360,

    /// <summary>Degrees east in [−180, 180), as many regional products and GIS tools.</summary>
    Minus180To180,
}
