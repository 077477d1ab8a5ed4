using Monitor.Core.Grids;

namespace Monitor.Core.Regimes;

/// <summary>
/// Names a regime from its composite 500 hPa anomaly pattern, after the Euro-Atlantic regimes of Grams et al. (2017).
/// The pattern's centre is the cell of largest |anomaly| north of 20°N; a pattern is named only when that centre lies
/// in the Euro-Atlantic sector (30–90°N, 90°W–60°E), otherwise it keeps its number (R1 … Rk):
/// <list type="bullet">
/// <item>negative centre at ≥ 55°N, 60°W–20°E with a positive extreme at least half as strong ≥ 10° further south
/// and within 30° of longitude: <b>zonal</b> (the Icelandic-low / Azores-high dipole);</item>
/// <item>positive centre (blocked): west of 45°W at ≥ 55°N <b>Greenland blocking</b>; west of 10°W <b>Atlantic ridge</b>;
/// east of 10°W at ≥ 63°N <b>Scandinavian blocking</b>, further south <b>European blocking</b>;</item>
/// <item>negative centre (cyclonic): west of 10°W <b>Atlantic trough</b>; east of it <b>Scandinavian trough</b>.</item>
/// </list>
/// When two patterns get the same name the stronger keeps it and the other keeps its number.
/// </summary>
public static class RegimeNaming
{
    /// <summary>The name of each pattern <c>[regime][cell]</c> on <paramref name="grid"/>, or its id (R1 …) when the rule does not apply.</summary>
    public static string[] NameAll(GridSpec grid, IReadOnlyList<double[]> patterns)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(patterns);
        var names = new string[patterns.Count];
        var strength = new double[patterns.Count];
        for (int r = 0; r < patterns.Count; r++)
        {
            names[r] = Name(grid, patterns[r], out strength[r]) ?? Id(r);
        }

        foreach (var group in Enumerable.Range(0, names.Length).GroupBy(r => names[r]).Where(g => g.Count() > 1))
        {
            int keep = group.MaxBy(r => strength[r]);
            foreach (int r in group.Where(r => r != keep))
            {
                names[r] = Id(r);
            }
        }

        return names;
    }

    /// <summary>The id of regime <paramref name="index"/> (0-based): R1, R2 …</summary>
    public static string Id(int index) => $"R{index + 1}";

    /// <summary>The name of one pattern by the rule above, or null; <paramref name="strength"/> is |anomaly| at the centre.</summary>
    public static string? Name(GridSpec grid, double[] pattern, out double strength)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(pattern);
        int centre = -1, positive = -1;
        for (int cell = 0; cell < pattern.Length; cell++)
        {
            if (grid.Latitude(cell / grid.LongitudeCount) < 20)
            {
                continue;
            }

            if (centre < 0 || Math.Abs(pattern[cell]) > Math.Abs(pattern[centre]))
            {
                centre = cell;
            }

            if (positive < 0 || pattern[cell] > pattern[positive])
            {
                positive = cell;
            }
        }

        strength = centre < 0 ? 0 : Math.Abs(pattern[centre]);
        if (centre < 0 || pattern[centre] == 0)
        {
            return null;
        }

        (double lat, double lon) = Position(grid, centre);
        if (lat < 30 || lon < -90 || lon > 60)
        {
            return null;
        }

        if (pattern[centre] > 0)
        {
            return lon < -45 && lat >= 55 ? "Greenland blocking"
                : lon < -10 ? "Atlantic ridge"
                : lat >= 63 ? "Scandinavian blocking"
                : "European blocking";
        }

        (double southLat, double southLon) = Position(grid, positive);
        bool dipole = lat >= 55 && lon >= -60 && lon <= 20 && pattern[positive] >= 0.5 * strength &&
            southLat <= lat - 10 && Math.Abs(southLon - lon) <= 30;
        return dipole ? "zonal" : lon < -10 ? "Atlantic trough" : "Scandinavian trough";
    }

    private static (double Latitude, double Longitude) Position(GridSpec grid, int cell) =>
        (grid.Latitude(cell / grid.LongitudeCount),
         GridSpec.NormalizeLongitude(grid.Longitude(cell % grid.LongitudeCount), LongitudeConvention.Minus180To180));
}
