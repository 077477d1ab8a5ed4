namespace Monitor.Service.Plotting;

/// <summary>A short text drawn on every map of a panel at a place, e.g. an extreme region's id at its centroid.</summary>
/// <param name="Latitude">Where, °N.</param>
/// <param name="Longitude">Where, °E.</param>
/// <param name="Text">What.</param>
public sealed record MapLabel(double Latitude, double Longitude, string Text);
