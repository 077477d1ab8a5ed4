using Monitor.Core.Grids;
using Monitor.Core.Numerics;

namespace Monitor.Core.Synthetic;

/// <summary>
/// The synthetic atmosphere: every variable of a forecast, cycle by cycle and lead by lead, from a known causal
/// structure (docs/synthetic-atmosphere.md gives the equations and the planted relationships). A forecast is the
/// truth at the valid time plus errors that grow with lead: wave phase-speed and amplitude errors, regime persistence
/// (the forecast holds on to the initial regime), displaced events, and noise whose amplitude grows with lead.
/// </summary>
public sealed class AtmosphereModel
{
    /// <summary>The variables of every lead, in block order.</summary>
    public static readonly IReadOnlyList<VariableId> Variables =
        [new("t2m"), new("u10"), new("v10"), new("msl"), new("tcc"), new("tp"), new("tisr"), new("z", 500)];

    internal const int T2m = 0, U10 = 1, V10 = 2, Msl = 3, Tcc = 4, Tp = 5, Tisr = 6, Z500 = 7;

    /// <summary>Air density for the geostrophic wind (kg m⁻³).</summary>
    public const double AirDensity = 1.25;

    /// <summary>Earth's angular velocity (s⁻¹).</summary>
    public const double Omega = 7.2921e-5;

    /// <summary>Environmental lapse rate (K m⁻¹).</summary>
    public const double LapseRate = 0.0065;

    /// <summary>Surface pressure response to the 500 hPa wave anomaly (Pa per gpm).</summary>
    public const double WaveCoupling = 12.0;

    /// <summary>Surface pressure response to the regime anomaly (Pa per gpm, equivalent barotropic).</summary>
    public const double RegimeCoupling = 8.0;

    /// <summary>t2m response to the regime anomaly at 500 hPa (K per gpm).</summary>
    public const double RegimeWarming = 0.02;

    /// <summary>Advection time scale (h): t2m takes the sea-level temperature from this far upwind.</summary>
    public const double AdvectionHours = 6.0;

    /// <summary>Pressure of each pole of a warm spell's dipole (Pa).</summary>
    public const double WarmSpellDipolePa = 2500;

    /// <summary>Truth noise is drawn every this many hours and blended in between (h).</summary>
    public const double NoiseMemoryHours = 24.0;

    /// <summary>Lag of the diurnal temperature cycle behind the sun (h).</summary>
    public const double DiurnalLagHours = 2.0;

    /// <summary>Geostrophic-to-10 m speed factor and cross-isobar turning (°), over sea and over land.</summary>
    public const double SeaSpeedFactor = 0.7, LandSpeedFactor = 0.55, SeaTurningDegrees = 15, LandTurningDegrees = 30;

    private static readonly int[] s_waveNumbers = [4, 5, 6, 7];

    private readonly GridSpec _grid;
    private readonly StaticFields _statics;
    private readonly RegimeChain _chain;
    private readonly IReadOnlyList<PlantedEvent> _events;
    private readonly long _seed;
    private readonly GridCalculus _calculus;
    private readonly float[][] _regimePatterns;      // gpm, per regime, [lat, lon]
    private readonly double[] _waveAmplitude;        // relative, per wave
    private readonly double[,] _wavePhase;            // degrees, per hemisphere and wave

    /// <summary>Creates the model for a grid, its static fields, a regime sequence and the planted events.</summary>
    public AtmosphereModel(GridSpec grid, StaticFields statics, RegimeChain chain, IReadOnlyList<PlantedEvent> events, long seed)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(statics);
        _grid = grid;
        _statics = statics.Validate();
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _seed = seed;
        _calculus = new GridCalculus(grid);
        _regimePatterns = Enum.GetValues<Regime>().Select(RegimePattern).ToArray();
        SplitMix64 random = SplitMix64.For(seed, 0x57415645);   // "WAVE"
        _waveAmplitude = s_waveNumbers.Select(_ => 0.6 + (0.4 * random.NextDouble())).ToArray();
        _wavePhase = new double[2, s_waveNumbers.Length];
        for (int h = 0; h < 2; h++)
        {
            for (int k = 0; k < s_waveNumbers.Length; k++)
            {
                _wavePhase[h, k] = 360 * random.NextDouble();
            }
        }
    }

    /// <summary>The grid.</summary>
    public GridSpec Grid => _grid;

    /// <summary>Computes every variable of one lead of a cycle into <paramref name="destination"/> <c>[variable, lat, lon]</c>.</summary>
    public void Forecast(CycleId cycle, int leadHours, Span<float> destination)
    {
        int cells = _grid.CellCount;
        if (destination.Length != Variables.Count * cells)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values, {Variables.Count} fields need {Variables.Count * cells}.");
        }

        DateTime valid = cycle.ValidTime(leadHours);
        var error = ForecastError.For(_seed, cycle);

        var anomaly = new float[cells];       // 500 hPa anomaly from waves + regimes (gpm), for cloud
        var regimeZ = new float[cells];       // regime part alone (gpm), for t2m
        Upper(valid, cycle, leadHours, error, destination.Slice(Z500 * cells, cells), destination.Slice(Msl * cells, cells), anomaly, regimeZ);
        Surface(destination.Slice(Msl * cells, cells), destination.Slice(U10 * cells, cells), destination.Slice(V10 * cells, cells));
        Cloud(valid, cycle, leadHours, error, anomaly, destination.Slice(Msl * cells, cells), destination.Slice(Tcc * cells, cells));
        SolarRadiation.AccumulatedField(_grid, valid, TimeSpan.FromHours(1), destination.Slice(Tisr * cells, cells));
        Precipitation(valid, cycle, leadHours, error, destination.Slice(Tcc * cells, cells), destination.Slice(U10 * cells, cells), destination.Slice(V10 * cells, cells), destination.Slice(Tp * cells, cells));
        Temperature(valid, cycle, leadHours, error, regimeZ, destination.Slice(Tcc * cells, cells), destination.Slice(U10 * cells, cells), destination.Slice(V10 * cells, cells), destination.Slice(T2m * cells, cells));
    }

    /// <summary>Hemisphere's winter factor: +1 in mid-winter, −1 in mid-summer (peaks 20 days after the solstice).</summary>
    internal static double Winter(double latitude, DateTime time) =>
        Math.Sign(latitude == 0 ? 1 : latitude) * Math.Cos(2 * Math.PI * (time.DayOfYear - 20 + (time.Hour / 24.0)) / 365.25);

    /// <summary>Zonal-mean 500 hPa height climatology (gpm).</summary>
    internal static double HeightClimatology(double latitude, DateTime time)
    {
        double s = Math.Sin(latitude * Math.PI / 180);
        return 5870 - ((550 + (150 * Winter(latitude, time))) * s * s);
    }

    /// <summary>Sea-level-equivalent 2 m temperature climatology (K) for a land fraction.</summary>
    internal static double TemperatureClimatology(double latitude, double land, DateTime time)
    {
        double s = Math.Abs(Math.Sin(latitude * Math.PI / 180));
        return 303 - (40 * s * s) - ((4 + (14 * land)) * Math.Pow(s, 1.2) * Winter(latitude, time));
    }

    /// <summary>Zonal-mean sea-level pressure departure (Pa): equatorial trough, subtropical highs, subpolar lows.</summary>
    internal static double PressureClimatology(double latitude)
    {
        double a = Math.Abs(latitude);
        return (-600 * Gauss(latitude, 0, 8)) + (900 * Gauss(a, 32, 10)) - (1200 * Gauss(a, 62, 10));
    }

    private void Upper(DateTime valid, CycleId cycle, int lead, ForecastError error, Span<float> z, Span<float> msl, Span<float> anomaly, Span<float> regimeZ)
    {
        Span<double> weights = stackalloc double[RegimeChain.RegimeCount];
        Span<double> initial = stackalloc double[RegimeChain.RegimeCount];
        _chain.WeightsAt(valid, weights);
        _chain.WeightsAt(cycle.InitTime, initial);
        double persistence = 0.6 * Math.Min(1, lead / 96.0);   // the forecast holds on to the initial regime
        for (int r = 0; r < weights.Length; r++)
        {
            weights[r] = ((1 - persistence) * weights[r]) + (persistence * initial[r]);
        }

        double days = (valid - DateTime.UnixEpoch).TotalDays;
        int n = _grid.LongitudeCount;
        for (int row = 0; row < _grid.LatitudeCount; row++)
        {
            double lat = _grid.Latitude(row);
            int hemisphere = lat >= 0 ? 0 : 1;
            double winter = Winter(lat, valid);
            double envelope = (70 + (30 * winter)) * Gauss(Math.Abs(lat), 50, 12);
            double zClim = HeightClimatology(lat, valid), pClim = 101325 + PressureClimatology(lat);
            for (int c = 0; c < n; c++)
            {
                int cell = (row * n) + c;
                double lon = _grid.Longitude(c);
                double wave = 0, waveAtSurface = 0;
                for (int k = 0; k < s_waveNumbers.Length; k++)
                {
                    int m = s_waveNumbers[k];
                    double speed = 5 + m;   // ° per day, eastward
                    double phase = _wavePhase[hemisphere, k] + (speed * days) + error.PhaseDegrees(k, lead);
                    double amplitude = envelope * _waveAmplitude[k] * error.AmplitudeFactor(k, lead);
                    wave += amplitude * Math.Cos(m * (lon - phase) * Math.PI / 180);
                    // Westward tilt with height: the surface signal sits a quarter wavelength east of the 500 hPa one.
                    waveAtSurface += amplitude * Math.Cos(m * (lon - phase - (90.0 / m)) * Math.PI / 180);
                }

                double regime = 0;
                for (int r = 0; r < weights.Length; r++)
                {
                    regime += weights[r] * _regimePatterns[r][cell];
                }

                regimeZ[cell] = (float)regime;
                anomaly[cell] = (float)(wave + regime);
                z[cell] = (float)(zClim + wave + regime);
                msl[cell] = (float)(pClim + (WaveCoupling * waveAtSurface) + (RegimeCoupling * regime));
            }
        }

        AddTruthNoise(z, 15, 20, static _ => 1.0, valid, Z500);
        SmoothNoise.Add(_grid, z, 45 * ForecastError.Growth(lead), 15, ExtratropicalShape, _seed, cycle.InitTime.Ticks, lead, Z500);
        // Synoptic pressure noise belongs to the extratropics; tropical pressure varies little.
        AddTruthNoise(msl, 150, 15, ExtratropicalShape, valid, Msl);
        SmoothNoise.Add(_grid, msl, 400 * ForecastError.Growth(lead), 12, ExtratropicalShape, _seed, cycle.InitTime.Ticks, lead, Msl);
        foreach (PlantedEvent e in Active(valid, EventKind.WindStorm, EventKind.AdvectiveWarmSpell))
        {
            (double lat, double lon) = error.Displace(e, valid, lead);
            double depth = e.Intensity * e.Envelope(valid);
            if (e.Kind == EventKind.WindStorm)
            {
                AddBlob(msl, lat, lon, e.RadiusKm / 2, -depth);
            }
            else
            {
                // A low to the west and a high to the east: a southerly jet over the centre carries warm air north.
                double dipole = WarmSpellDipolePa * e.Envelope(valid);
                AddBlob(msl, lat, lon - 12, e.RadiusKm / 1.5, -dipole);
                AddBlob(msl, lat, lon + 12, e.RadiusKm / 1.5, dipole);
            }
        }

        for (int i = 0; i < z.Length; i++)
        {
            z[i] = (float)(z[i] * VariableCatalog.StandardGravity);   // gpm → m² s⁻²
        }
    }

    private void Surface(ReadOnlySpan<float> msl, Span<float> u, Span<float> v)
    {
        int n = _grid.LongitudeCount;
        var dpdx = new float[msl.Length];
        var dpdy = new float[msl.Length];
        _calculus.DerivativeX(msl, dpdx);
        _calculus.DerivativeY(msl, dpdy);
        // Geostrophy fails towards the equator: |f| is floored at its 20° value (documented simplification).
        double fMin = 2 * Omega * Math.Sin(20 * Math.PI / 180);
        for (int row = 0; row < _grid.LatitudeCount; row++)
        {
            double lat = _grid.Latitude(row);
            double f = 2 * Omega * Math.Sin(lat * Math.PI / 180);
            double fEff = (lat >= 0 ? 1 : -1) * Math.Max(Math.Abs(f), fMin);
            double hemisphere = lat >= 0 ? 1 : -1;
            for (int c = 0; c < n; c++)
            {
                int cell = (row * n) + c;
                double ug = -dpdy[cell] / (AirDensity * fEff), vg = dpdx[cell] / (AirDensity * fEff);
                double land = _statics.LandSeaMask[cell];
                double factor = SeaSpeedFactor + ((LandSpeedFactor - SeaSpeedFactor) * land);
                // Friction turns the wind towards low pressure: to the left of the geostrophic wind in the north.
                double turn = hemisphere * (SeaTurningDegrees + ((LandTurningDegrees - SeaTurningDegrees) * land)) * Math.PI / 180;
                double u10 = factor * ((ug * Math.Cos(turn)) - (vg * Math.Sin(turn)));
                double v10 = factor * ((ug * Math.Sin(turn)) + (vg * Math.Cos(turn)));
                double speed = Math.Sqrt((u10 * u10) + (v10 * v10));
                double cap = speed > 45 ? 45 / speed : 1;
                u[cell] = (float)(u10 * cap);
                v[cell] = (float)(v10 * cap);
            }
        }
    }

    private void Cloud(DateTime valid, CycleId cycle, int lead, ForecastError error, ReadOnlySpan<float> anomaly, ReadOnlySpan<float> msl, Span<float> tcc)
    {
        // Ascent downstream of troughs (the 500 hPa anomaly rising eastwards) and low pressure make cloud.
        var ascent = new float[anomaly.Length];
        _calculus.DerivativeX(anomaly, ascent);
        var logit = new float[anomaly.Length];
        AddTruthNoise(logit, 0.8, 10, static _ => 1.0, valid, Tcc);
        SmoothNoise.Add(_grid, logit, 0.8 * ForecastError.Growth(lead), 10, _seed, cycle.InitTime.Ticks, lead, Tcc);
        int n = _grid.LongitudeCount;
        for (int row = 0; row < _grid.LatitudeCount; row++)
        {
            double lat = _grid.Latitude(row);
            double itcz = 1.5 * Gauss(lat, 6 * -Winter(10, valid), 6);
            double pClim = 101325 + PressureClimatology(lat);
            for (int c = 0; c < n; c++)
            {
                int cell = (row * n) + c;
                double lowPressure = -(msl[cell] - pClim) / 1000.0;            // kPa below the zonal mean
                double ascentPerThousandKm = ascent[cell] * 1e6 / 100.0;        // 100 gpm per 1000 km
                double sea = 1 - _statics.LandSeaMask[cell];
                logit[cell] += (float)(-0.4 + (1.2 * ascentPerThousandKm) + (1.5 * lowPressure) + (0.4 * sea) + itcz);
            }
        }

        var overcast = new float[tcc.Length];
        foreach (PlantedEvent e in Active(valid, EventKind.HeavyPrecipitation))
        {
            (double lat, double lon) = error.Displace(e, valid, lead);
            AddBlob(overcast, lat, lon, e.RadiusKm / 2, e.Envelope(valid));
        }

        for (int i = 0; i < tcc.Length; i++)
        {
            // Inside a heavy-precipitation event the sky is overcast whatever the large-scale flow.
            double cloud = 1 / (1 + Math.Exp(-logit[i]));
            tcc[i] = (float)Math.Max(cloud, 0.98 * Math.Min(1, overcast[i]));
        }
    }

    private void Precipitation(DateTime valid, CycleId cycle, int lead, ForecastError error, ReadOnlySpan<float> tcc, ReadOnlySpan<float> u, ReadOnlySpan<float> v, Span<float> tp)
    {
        var dudx = new float[tcc.Length];
        var dvdy = new float[tcc.Length];
        _calculus.DerivativeX(u, dudx);
        _calculus.DerivativeY(v, dvdy);
        var noise = new float[tcc.Length];
        AddTruthNoise(noise, 0.7, 5, static _ => 1.0, valid, Tp);
        SmoothNoise.Add(_grid, noise, 0.7 * ForecastError.Growth(lead), 5, _seed, cycle.InitTime.Ticks, lead, Tp);
        var boost = new float[tcc.Length];
        foreach (PlantedEvent e in Active(valid, EventKind.HeavyPrecipitation))
        {
            (double lat, double lon) = error.Displace(e, valid, lead);
            AddBlob(boost, lat, lon, e.RadiusKm / 2, e.Intensity * e.Envelope(valid));   // mm h⁻¹ added
        }

        for (int i = 0; i < tp.Length; i++)
        {
            double convergence = Math.Max(0, -(dudx[i] + dvdy[i]) * 1e5);   // per 100 km·s⁻¹·1e-5 units
            double rate = (1.5 * Math.Pow(Math.Max(0, tcc[i] - 0.55), 1.5) * (1 + (2 * convergence)) * Math.Exp(noise[i])) + boost[i];
            tp[i] = (float)(rate / 1000.0);   // mm in the hour → m
        }
    }

    private void Temperature(DateTime valid, CycleId cycle, int lead, ForecastError error, ReadOnlySpan<float> regimeZ,
        ReadOnlySpan<float> tcc, ReadOnlySpan<float> u, ReadOnlySpan<float> v, Span<float> t2m)
    {
        int n = _grid.LongitudeCount, cells = _grid.CellCount;
        // Sea-level-equivalent temperature: climatology + regime anomaly + heat waves; advected below.
        var seaLevel = new float[cells];
        for (int row = 0; row < _grid.LatitudeCount; row++)
        {
            double lat = _grid.Latitude(row);
            for (int c = 0; c < n; c++)
            {
                int cell = (row * n) + c;
                seaLevel[cell] = (float)(TemperatureClimatology(lat, _statics.LandSeaMask[cell], valid) + (RegimeWarming * regimeZ[cell]));
            }
        }

        foreach (PlantedEvent e in Active(valid, EventKind.HeatWave))
        {
            (double lat, double lon) = error.Displace(e, valid, lead);
            AddBlob(seaLevel, lat, lon, e.RadiusKm / 2, e.Intensity * e.Envelope(valid));
        }

        var advectionHours = new float[cells];
        advectionHours.AsSpan().Fill((float)AdvectionHours);
        foreach (PlantedEvent e in Active(valid, EventKind.AdvectiveWarmSpell))
        {
            // Warm advection: the air arriving on the southerly jet brings the warmth of lower latitudes. The jet's own
            // advection can be cancelled by the background flow, so the advected warm anomaly is planted explicitly too.
            (double lat, double lon) = error.Displace(e, valid, lead);
            AddBlob(advectionHours, lat, lon, e.RadiusKm / 2, 30 * e.Envelope(valid));
            AddBlob(seaLevel, lat, lon, e.RadiusKm / 2, e.Intensity * e.Envelope(valid));
        }

        DateTime lagged = valid.AddHours(-DiurnalLagHours);
        double declination = SolarRadiation.DeclinationRadians(lagged);
        const double metresToDegrees = 180.0 / (Math.PI * GridSpec.EarthRadiusKm * 1000.0);
        for (int row = 0; row < _grid.LatitudeCount; row++)
        {
            double lat = _grid.Latitude(row);
            double dailyMeanCosZ = DailyMeanCosZenith(lat * Math.PI / 180, declination);
            double cosLat = Math.Max(0.05, Math.Cos(lat * Math.PI / 180));
            for (int c = 0; c < n; c++)
            {
                int cell = (row * n) + c;
                double lon = _grid.Longitude(c);
                double land = _statics.LandSeaMask[cell];
                double seconds = advectionHours[cell] * 3600;
                double upwind = _calculus.Sample(seaLevel, lat - (v[cell] * seconds * metresToDegrees),
                    lon - (u[cell] * seconds * metresToDegrees / cosLat));
                double amplitude = (2 + (12 * land)) * (1 - (0.6 * tcc[cell]));
                double diurnal = amplitude * (SolarRadiation.CosZenith(lat, lon, lagged) is var cz && cz > 0 ? cz - dailyMeanCosZ : -dailyMeanCosZ);
                t2m[cell] = (float)(upwind - (LapseRate * _statics.OrographyM[cell]) + diurnal);
            }
        }

        AddTruthNoise(t2m, 0.6, 8, static _ => 1.0, valid, T2m);
        SmoothNoise.Add(_grid, t2m, 1.5 * ForecastError.Growth(lead), 10, _seed, cycle.InitTime.Ticks, lead, T2m);
    }

    /// <summary>Daily mean of max(0, cos z) at a latitude for a declination (both radians).</summary>
    internal static double DailyMeanCosZenith(double latitude, double declination)
    {
        double x = -Math.Tan(latitude) * Math.Tan(declination);
        double sunset = x <= -1 ? Math.PI : x >= 1 ? 0 : Math.Acos(x);
        return ((sunset * Math.Sin(latitude) * Math.Sin(declination)) + (Math.Cos(latitude) * Math.Cos(declination) * Math.Sin(sunset))) / Math.PI;
    }

    /// <summary>
    /// Truth noise with memory: independent fields every <see cref="NoiseMemoryHours"/> hours, blended linearly in
    /// between, so consecutive analyses share most of their noise instead of flickering.
    /// </summary>
    private void AddTruthNoise(Span<float> field, double amplitude, double spacing, Func<double, double> shape, DateTime valid, int variable)
    {
        double position = (valid - DateTime.UnixEpoch).TotalHours / NoiseMemoryHours;
        long key = (long)Math.Floor(position);
        double weight = position - key;
        if (weight < 1)
        {
            SmoothNoise.Add(_grid, field, amplitude * (1 - weight), spacing, shape, _seed, key, variable, 0x4E4F4953);   // "NOIS"
        }

        if (weight > 0)
        {
            SmoothNoise.Add(_grid, field, amplitude * weight, spacing, shape, _seed, key + 1, variable, 0x4E4F4953);
        }
    }

    private IEnumerable<PlantedEvent> Active(DateTime time, params EventKind[] kinds) =>
        _events.Where(e => e.IsActive(time) && kinds.Contains(e.Kind));

    private void AddBlob(Span<float> field, double lat, double lon, double sigmaKm, double amplitude)
    {
        int n = _grid.LongitudeCount;
        double limit = 4 * sigmaKm;
        for (int row = 0; row < _grid.LatitudeCount; row++)
        {
            double rowLat = _grid.Latitude(row);
            if (Math.Abs(rowLat - lat) * 111.2 > limit)
            {
                continue;
            }

            for (int c = 0; c < n; c++)
            {
                double d = GreatCircle.DistanceKm(lat, lon, rowLat, _grid.Longitude(c));
                if (d < limit)
                {
                    field[(row * n) + c] += (float)(amplitude * Math.Exp(-(d * d) / (2 * sigmaKm * sigmaKm)));
                }
            }
        }
    }

    private float[] RegimePattern(Regime regime)
    {
        // Anomaly centres (°N, °E, gpm); blobs about 10° in latitude by 15° of longitude at 60°N.
        (double Lat, double Lon, double Gpm)[] centres = regime switch
        {
            Regime.Zonal => [(65, -20, -140), (42, -20, 110)],
            Regime.Blocking => [(60, 15, 260), (42, 20, -80)],
            Regime.AtlanticRidge => [(52, -30, 220), (58, 20, -100)],
            _ => [(55, -25, -220), (45, 10, 100)],
        };
        var pattern = new float[_grid.CellCount];
        foreach (var (lat, lon, gpm) in centres)
        {
            AddBlob(pattern, lat, lon, 1000, gpm);
        }

        return pattern;
    }

    private static double ExtratropicalShape(double latitude) => 0.15 + (0.85 * (1 - Gauss(latitude, 0, 18)));

    private static double Gauss(double x, double centre, double width) => Math.Exp(-((x - centre) * (x - centre)) / (2 * width * width));
}
