namespace Monitor.Service.Plotting;

/// <summary>One map of a <see cref="RelevancePanel"/>.</summary>
/// <param name="Title">Title drawn above the map, e.g. the input variable and lead.</param>
/// <param name="Units">Units of <paramref name="Values"/>, the colour bar's label.</param>
/// <param name="Values">
/// The field <c>[lat, lon]</c> row-major, rows north → south as <see cref="Monitor.Core.Grids.GridSpec"/> orders them;
/// NaN marks a missing cell.
/// </param>
public sealed record PanelMap(string Title, string Units, float[] Values);
