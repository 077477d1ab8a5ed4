namespace Monitor.Core.Formats.Cf;

/// <summary>
/// Converts values given in a file's units into the catalogue's canonical units: canonical = value × Scale + Offset.
/// Only conversions that forecast products actually use are known; anything else is refused by name, because a field
/// read in the wrong units is silently wrong science.
/// </summary>
/// <param name="Scale">Multiplier.</param>
/// <param name="Offset">Offset added after scaling.</param>
public sealed record UnitConversion(double Scale, double Offset)
{
    /// <summary>No change.</summary>
    public static readonly UnitConversion Identity = new(1.0, 0.0);

    private static readonly (string From, string To, double Scale, double Offset)[] s_known =
    [
        ("degc", "k", 1.0, 273.15),
        ("celsius", "k", 1.0, 273.15),
        ("hpa", "pa", 100.0, 0.0),
        ("mbar", "pa", 100.0, 0.0),
        ("millibar", "pa", 100.0, 0.0),
        ("kpa", "pa", 1000.0, 0.0),
        ("mm", "m", 0.001, 0.0),
        ("kgm-2", "m", 0.001, 0.0),
        ("%", "(0-1)", 0.01, 0.0),
        ("percent", "(0-1)", 0.01, 0.0),
        ("knots", "ms-1", 0.514444, 0.0),
        ("kt", "ms-1", 0.514444, 0.0),
        ("kmh-1", "ms-1", 1.0 / 3.6, 0.0),
        ("gpm", "m", 1.0, 0.0),
        ("jm-2", "jm-2", 1.0, 0.0),
    ];

    /// <summary>True when nothing changes.</summary>
    public bool IsIdentity => Scale == 1.0 && Offset == 0.0;

    /// <summary>Finds the conversion from <paramref name="fileUnits"/> to <paramref name="canonicalUnits"/>; null when unknown.</summary>
    public static UnitConversion? Find(string fileUnits, string canonicalUnits)
    {
        string from = Normalize(fileUnits), to = Normalize(canonicalUnits);
        if (from == to)
        {
            return Identity;
        }

        foreach (var (f, t, scale, offset) in s_known)
        {
            if (f == from && t == to)
            {
                return new UnitConversion(scale, offset);
            }
        }

        return null;
    }

    /// <summary>A comparable spelling: lower case, no blanks, <c>**</c> and <c>^</c> dropped, fractions unified.</summary>
    public static string Normalize(string units)
    {
        ArgumentNullException.ThrowIfNull(units);
        string u = units.Trim().ToLowerInvariant().Replace("**", "", StringComparison.Ordinal).Replace("^", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        return u switch
        {
            "m/s" or "ms-1" or "meters/second" or "metres/second" => "ms-1",
            "1" or "0-1" or "(0-1)" or "fraction" or "" or "dimensionless" or "proportion" => "(0-1)",
            "degk" or "kelvin" or "k" => "k",
            "degreesc" or "degc" or "°c" or "c" => "degc",
            "m2s-2" or "m2/s2" => "m2s-2",
            "meters" or "metres" or "meter" or "metre" => "m",
            "kg/m2" or "kgm-2" => "kgm-2",
            "j/m2" or "jm-2" => "jm-2",
            _ => u,
        };
    }
}
