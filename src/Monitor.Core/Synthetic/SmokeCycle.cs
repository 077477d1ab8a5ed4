using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// A small analytic forecast cycle for smoke runs and wiring tests: a zonal temperature profile with a diurnal cycle
/// following local solar time, a wave pattern in mean-sea-level pressure with winds in geostrophic balance
/// (u = −∂p/∂y / ρf, v = ∂p/∂x / ρf, capped near the equator), cloud where pressure is low, and non-negative
/// precipitation under cloud. Deterministic, no randomness. It is a fixture, not the synthetic atmosphere.
/// </summary>
public static class SmokeCycle
{
    /// <summary>The variables it provides, in block order.</summary>
    public static readonly IReadOnlyList<VariableId> Variables = [new("t2m"), new("u10"), new("v10"), new("msl"), new("tcc"), new("tp")];

    private const double AirDensity = 1.25;   // kg m⁻³
    private const double Omega = 7.2921e-5;   // Earth's angular velocity, s⁻¹

    /// <summary>Creates a cycle on <paramref name="grid"/> with the given lead hours.</summary>
    public static CycleData Create(CycleId cycle, GridSpec grid, IReadOnlyList<int> leadHours)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(leadHours);
        int cells = grid.CellCount, nv = Variables.Count;
        var values = new float[leadHours.Count * nv * cells];
        var orography = new float[cells];
        var lsm = new float[cells];
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                double lat = Rad(grid.Latitude(r)), lon = Rad(grid.Longitude(c));
                double land = Math.Sin(2 * lon) * Math.Cos(lat) + (0.3 * Math.Sin(3 * lat));
                lsm[(r * grid.LongitudeCount) + c] = land > 0 ? 1f : 0f;
                orography[(r * grid.LongitudeCount) + c] = land > 0 ? (float)(1500 * land * land) : 0f;
            }
        }

        for (int l = 0; l < leadHours.Count; l++)
        {
            DateTime valid = cycle.ValidTime(leadHours[l]);
            double phase = 2 * Math.PI * leadHours[l] / 96.0;   // the pressure waves drift east over four days
            for (int r = 0; r < grid.LatitudeCount; r++)
            {
                double lat = Rad(grid.Latitude(r));
                double f = 2 * Omega * Math.Sin(lat);
                double fSafe = Math.Sign(f == 0 ? 1 : f) * Math.Max(Math.Abs(f), 2 * Omega * Math.Sin(Rad(10)));
                for (int c = 0; c < grid.LongitudeCount; c++)
                {
                    int cell = (r * grid.LongitudeCount) + c;
                    double lon = Rad(grid.Longitude(c));
                    double wave = Math.Sin((3 * lon) - phase) * Math.Sin(2 * lat);
                    double msl = 101325 + (1500 * wave);
                    // Geostrophic wind from the analytic pressure gradient (per metre along the sphere).
                    double dpdx = 1500 * 3 * Math.Cos((3 * lon) - phase) * Math.Sin(2 * lat) / (GridSpec.EarthRadiusKm * 1000 * Math.Max(0.05, Math.Cos(lat)));
                    double dpdy = 1500 * Math.Sin((3 * lon) - phase) * 2 * Math.Cos(2 * lat) / (GridSpec.EarthRadiusKm * 1000);
                    double u = Math.Clamp(-dpdy / (AirDensity * fSafe), -40, 40);
                    double v = Math.Clamp(dpdx / (AirDensity * fSafe), -40, 40);
                    double solarHour = valid.Hour + (valid.Minute / 60.0) + (grid.Longitude(c) / 15.0);
                    double diurnal = -Math.Cos(2 * Math.PI * (solarHour - 2) / 24);   // warmest ~14 local time
                    double tcc = 1 / (1 + Math.Exp(wave * 4));
                    double t2m = 300 - (45 * Math.Pow(Math.Sin(lat), 2)) - (0.0065 * orography[cell]) + (6 * (1 - (0.6 * tcc)) * diurnal * Math.Cos(lat));
                    double tp = Math.Max(0, tcc - 0.6) * 0.004;
                    float[] fields = [(float)t2m, (float)u, (float)v, (float)msl, (float)tcc, (float)tp];
                    for (int k = 0; k < nv; k++)
                    {
                        values[((((l * nv) + k) * cells)) + cell] = fields[k];
                    }
                }
            }
        }

        return new CycleData(cycle, grid, leadHours, Variables, values, new StaticFields(grid, orography, lsm));
    }

    private static double Rad(double degrees) => degrees * Math.PI / 180.0;
}
