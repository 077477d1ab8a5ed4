using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Relevance.Selectors;

namespace Monitor.Core.Monitoring;

/// <summary>A fixed region forecasters want explained at every lead of every cycle (e.g. their forecast area).</summary>
/// <param name="Name">Short name, used as a tag in InfluxDB: letters, digits, '-' and '_' only.</param>
/// <param name="South">Southern edge, °N.</param>
/// <param name="North">Northern edge, °N.</param>
/// <param name="West">Western edge, °E.</param>
/// <param name="East">Eastern edge, °E (less than <paramref name="West"/> across the date line).</param>
public sealed record WatchRegion(string Name, double South, double North, double West, double East)
{
    /// <summary>The region's cells on <paramref name="grid"/>.</summary>
    /// <exception cref="ArgumentException">No cell of the grid lies in the region (its name is given).</exception>
    public bool[] Mask(GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        try
        {
            return RegionMask.Box(grid, South, North, West, East);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Watch region '{Name}': {ex.Message}", ex);
        }
    }

    /// <summary>The box in words, e.g. <c>40..55N, 0..20E</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{South:0.##}..{North:0.##}N, {West:0.##}..{East:0.##}E");
}
