using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;

namespace Monitor.Service.Plotting;

/// <summary>
/// The map of one lead for the HTML report: a field on the whole grid (e.g. the model's prediction minus the forecast's
/// own target) on a diverging scale, coastlines, and the lead's extreme regions outlined, the largest
/// <see cref="MaxLabels"/> labelled with their ids (more would hide the field).
/// </summary>
public static class LeadMapPanel
{
    /// <summary>The most regions labelled, largest first.</summary>
    public const int MaxLabels = 8;

    /// <summary>The panel as PNG bytes.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="map">The field, its title and units.</param>
    /// <param name="extremes">The extreme regions to outline and label (those of the map's lead).</param>
    /// <param name="coastline">Shorelines (<see cref="Coastline.FindInstalled"/>, read once for all leads), or null.</param>
    /// <param name="landFraction">Land fraction per cell for the coastline without shorelines, or null.</param>
    /// <param name="title">The figure title; a line break starts a smaller second line.</param>
    public static byte[] Encode(GridSpec grid, PanelMap map, IReadOnlyList<ExtremeRegion> extremes, Coastline? coastline, float[]? landFraction, string title)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(extremes);
        bool[]? outlined = null;
        if (extremes.Count > 0)
        {
            outlined = new bool[grid.CellCount];
            foreach (int cell in extremes.SelectMany(e => e.Cells))
            {
                outlined[cell] = true;
            }
        }

        var options = new PanelOptions
        {
            Coastline = coastline,
            Labels = [.. extremes.OrderByDescending(e => e.AreaKm2).Take(MaxLabels).Select(e => new MapLabel(e.CentroidLatitude, e.CentroidLongitude, e.Id))],
        };
        return RelevancePanel.Encode(grid, [map], landFraction, outlined, title, options);
    }
}
