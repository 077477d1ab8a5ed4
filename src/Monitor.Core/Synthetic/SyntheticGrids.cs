using System.Globalization;
using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>The reference grids (docs/architecture.md "Reference workloads") and custom regional grids.</summary>
public static class SyntheticGrids
{
    /// <summary>W1 anchor grid: global 5.625°, 32×64 (Farokhmanesh et al. 2023).</summary>
    public static readonly GridSpec Global5625 = new(87.1875, 5.625, 32, 0, 5.625, 64);

    /// <summary>W2 operational grid: Euro-Atlantic 0.25°, 160×352 (73°N…33.25°N, 45°W…42.75°E).</summary>
    public static readonly GridSpec Euro025 = new(73.0, 0.25, 160, -45.0, 0.25, 352);

    /// <summary>
    /// Parses <c>global-5.625</c>, <c>euro-0.25</c>, or <c>lat0,lat1,lon0,lon1,resolution</c> (degrees; the grid
    /// runs from the northern to the southern latitude and west to east). Throws <see cref="FormatException"/> naming the text.
    /// </summary>
    public static GridSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToLowerInvariant())
        {
            case "global-5.625":
            case "w1":
                return Global5625;
            case "euro-0.25":
            case "w2":
                return Euro025;
        }

        string[] parts = text.Split(',');
        double[] v = new double[parts.Length];
        if (parts.Length != 5 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i])).All(ok => ok))
        {
            throw new FormatException($"Grid '{text}' is not global-5.625, euro-0.25 or lat0,lat1,lon0,lon1,resolution.");
        }

        (double lat0, double lat1, double lon0, double lon1, double step) = (v[0], v[1], v[2], v[3], v[4]);
        if (!(step > 0) || lat0 == lat1 || lon1 <= lon0)
        {
            throw new FormatException($"Grid '{text}': need a positive resolution, two different latitudes and lon0 < lon1.");
        }

        double north = Math.Max(lat0, lat1), south = Math.Min(lat0, lat1);
        int rows = (int)Math.Round((north - south) / step) + 1;
        int columns = (int)Math.Round((lon1 - lon0) / step) + 1;
        try
        {
            return new GridSpec(north, step, rows, lon0, step, columns).Validate();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Grid '{text}': {ex.Message}");
        }
    }
}
