namespace Monitor.Core.Synthetic;

/// <summary>Where an event is centred at a time.</summary>
/// <param name="Time">UTC.</param>
/// <param name="Latitude">°N.</param>
/// <param name="Longitude">°E.</param>
public sealed record TrackPoint(DateTime Time, double Latitude, double Longitude);
