using Monitor.Core.Grids;
using Monitor.Core.Numerics;

namespace Monitor.Core.Synthetic;

/// <summary>
/// The errors of one forecast cycle: per-wave phase-speed errors (° per day) and amplitude errors (per 72 h), and a
/// position error for planted events (km per day); all scale with lead, so error grows with lead time.
/// </summary>
internal sealed class ForecastError
{
    private readonly double[] _phaseSpeedError;
    private readonly double[] _amplitudeError;
    private readonly double _eventShiftKmPerDay;
    private readonly double _eventBearing;

    private ForecastError(double[] phase, double[] amplitude, double shift, double bearing)
    {
        _phaseSpeedError = phase;
        _amplitudeError = amplitude;
        _eventShiftKmPerDay = shift;
        _eventBearing = bearing;
    }

    public static ForecastError For(long seed, CycleId cycle)
    {
        SplitMix64 random = SplitMix64.For(seed, cycle.InitTime.Ticks, 0x45525221);   // "ERR!"
        double[] phase = Enumerable.Range(0, 4).Select(_ => 1.5 * random.NextGaussian()).ToArray();
        double[] amplitude = Enumerable.Range(0, 4).Select(_ => 0.15 * random.NextGaussian()).ToArray();
        return new ForecastError(phase, amplitude, 120 * Math.Abs(random.NextGaussian()), 2 * Math.PI * random.NextDouble());
    }

    /// <summary>Error growth factor: 0 at analysis, 1 at +72 h, √-like growth.</summary>
    public static double Growth(int lead) => Math.Sqrt(lead / 72.0);

    public double PhaseDegrees(int wave, int lead) => _phaseSpeedError[wave] * lead / 24.0;

    public double AmplitudeFactor(int wave, int lead) => 1 + (_amplitudeError[wave] * lead / 72.0);

    /// <summary>Where the forecast puts an event's centre: the true centre moved by the growing position error.</summary>
    public (double Latitude, double Longitude) Displace(PlantedEvent planted, DateTime valid, int lead)
    {
        (double lat, double lon) = planted.CentreAt(valid);
        double km = _eventShiftKmPerDay * lead / 24.0;
        double dLat = km * Math.Cos(_eventBearing) / 111.2;
        double dLon = km * Math.Sin(_eventBearing) / (111.2 * Math.Max(0.1, Math.Cos(lat * Math.PI / 180)));
        return (lat + dLat, lon + dLon);
    }
}
