using Monitor.Core.Grids;
using Monitor.Core.Numerics;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Decides which extremes are planted where and when, from the regime sequence and the seed. Events are placed in
/// the Euro-Atlantic sector (30–70°N, 40°W–40°E) where the grid covers it, else inside the grid.
/// </summary>
public static class EventPlanner
{
    /// <summary>Blocking must last this long (days) in the warm season before a heat wave starts under it.</summary>
    public const double HeatWaveBlockingDays = 3.0;

    /// <summary>Shortest heat wave planted (days): the block must last at least this much longer.</summary>
    public const double MinimumHeatWaveDays = 3.0;

    /// <summary>Default rate of advective warm spells in December–February (per month; Poisson).</summary>
    public const double DefaultWarmSpellsPerMonth = 0.6;

    /// <summary>
    /// Plans the events between <paramref name="from"/> and <paramref name="to"/> (UTC), with
    /// <paramref name="warmSpellsPerMonth"/> advective warm spells a month in December–February.
    /// </summary>
    public static IReadOnlyList<PlantedEvent> Plan(GridSpec grid, StaticFields statics, RegimeChain chain, DateTime from, DateTime to, long seed,
        double warmSpellsPerMonth = DefaultWarmSpellsPerMonth)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(statics);
        ArgumentNullException.ThrowIfNull(chain);
        var box = Region(grid);
        var events = new List<PlantedEvent>();
        SplitMix64 random = SplitMix64.For(seed, 0x45564E54);   // "EVNT"
        PlanHeatWaves(chain, from, to, box, grid, statics, ref random, events);
        for (DateTime day = from.Date; day <= to; day = day.AddDays(1))
        {
            bool coldSeason = day.Month is 10 or 11 or 12 or 1 or 2 or 3;
            // Poisson arrivals: rate per day.
            if (random.NextDouble() < (coldSeason ? 3.0 : 0.5) / 30.0)
            {
                events.Add(WindStorm(events.Count, day.AddHours(6 * (int)(random.NextDouble() * 4)), box, ref random));
            }

            if (random.NextDouble() < 2.0 / 30.0)
            {
                events.Add(HeavyPrecipitation(events.Count, day.AddHours(6 * (int)(random.NextDouble() * 4)), box, ref random));
            }

            if (day.Month is 12 or 1 or 2 && random.NextDouble() < warmSpellsPerMonth / 30.0 &&
                LandPoint(grid, statics, box, ref random, minLat: 45, maxLat: 60) is { } land)
            {
                events.Add(WarmSpell(events.Count, day, land, ref random));
            }
        }

        return events.Where(e => e.End >= from && e.Start <= to).OrderBy(e => e.Start)
            .Select((e, i) => e with { Id = i + 1 }).ToArray();
    }

    private static void PlanHeatWaves(RegimeChain chain, DateTime from, DateTime to, (double S, double N, double W, double E) box,
        GridSpec grid, StaticFields statics, ref SplitMix64 random, List<PlantedEvent> events)
    {
        DateTime? blockStart = null;
        foreach (var (time, label, _) in chain.Steps().Append((chain.End.AddHours(6), Regime.Zonal, Array.Empty<float>())))
        {
            if (label == Regime.Blocking)
            {
                blockStart ??= time;
                continue;
            }

            if (blockStart is DateTime start && (time - start).TotalDays >= HeatWaveBlockingDays + MinimumHeatWaveDays)
            {
                DateTime heatStart = start.AddDays(HeatWaveBlockingDays);
                DateTime heatEnd = time.AddHours(-6) < heatStart.AddDays(10) ? time.AddHours(-6) : heatStart.AddDays(10);
                bool warmSeason = heatStart.Month is >= 5 and <= 9;
                if (warmSeason && heatEnd >= from && heatStart <= to)
                {
                    double lat = Math.Clamp(55 + ((random.NextDouble() - 0.5) * 8), box.S, box.N);
                    double lon = Math.Clamp(15 + ((random.NextDouble() - 0.5) * 16), box.W, box.E);
                    (lat, lon) = LandPoint(grid, statics, (lat - 4, lat + 4, lon - 6, lon + 6), ref random, lat - 4, lat + 4) ?? (lat, lon);
                    events.Add(new PlantedEvent(events.Count, EventKind.HeatWave, heatStart, heatEnd,
                        StationaryTrack(heatStart, heatEnd, lat, lon), 700, 9 + (3 * random.NextDouble()),
                        "blocking + insolation", UnusualForPlaceAndSeason: false));
                }
            }

            blockStart = null;
        }
    }

    private static PlantedEvent WindStorm(int id, DateTime start, (double S, double N, double W, double E) box, ref SplitMix64 random)
    {
        // A deep low entering from the west at 50–62°N and crossing the sector eastwards at ~19° per day, into Europe.
        double lat = Math.Clamp(50 + (12 * random.NextDouble()), box.S, box.N);
        double lon = box.W + (0.25 * (box.E - box.W) * random.NextDouble());
        DateTime end = start.AddHours(48);
        var track = new List<TrackPoint>();
        for (DateTime t = start; t <= end; t = t.AddHours(6))
        {
            double hours = (t - start).TotalHours;
            track.Add(new TrackPoint(t, Math.Clamp(lat + (hours * 0.05), box.S, box.N), lon + (hours * 0.8)));
        }

        return new PlantedEvent(id, EventKind.WindStorm, start, end, track, 600, 2500 + (1500 * random.NextDouble()),
            "deep low", UnusualForPlaceAndSeason: false);
    }

    private static PlantedEvent HeavyPrecipitation(int id, DateTime start, (double S, double N, double W, double E) box, ref SplitMix64 random)
    {
        double lat = box.S + ((box.N - box.S) * random.NextDouble());
        double lon = box.W + ((box.E - box.W) * random.NextDouble());
        DateTime end = start.AddHours(24);
        return new PlantedEvent(id, EventKind.HeavyPrecipitation, start, end, StationaryTrack(start, end, lat, lon), 500,
            6 + (4 * random.NextDouble()), "convergence + cloud", UnusualForPlaceAndSeason: false);
    }

    private static PlantedEvent WarmSpell(int id, DateTime start, (double Latitude, double Longitude) at, ref SplitMix64 random)
    {
        DateTime end = start.AddHours(72);
        return new PlantedEvent(id, EventKind.AdvectiveWarmSpell, start, end, StationaryTrack(start, end, at.Latitude, at.Longitude), 800,
            9 + (3 * random.NextDouble()), "warm advection", UnusualForPlaceAndSeason: true);
    }

    private static TrackPoint[] StationaryTrack(DateTime start, DateTime end, double lat, double lon)
    {
        var track = new List<TrackPoint>();
        for (DateTime t = start; t <= end; t = t.AddHours(6))
        {
            track.Add(new TrackPoint(t, lat, lon));
        }

        return [.. track];
    }

    private static (double Latitude, double Longitude)? LandPoint(GridSpec grid, StaticFields statics,
        (double S, double N, double W, double E) box, ref SplitMix64 random, double minLat, double maxLat)
    {
        for (int attempt = 0; attempt < 30; attempt++)
        {
            double lat = Math.Max(box.S, minLat) + ((Math.Min(box.N, maxLat) - Math.Max(box.S, minLat)) * random.NextDouble());
            double lon = box.W + ((box.E - box.W) * random.NextDouble());
            int row = (int)Math.Round((grid.FirstLatitude - lat) / grid.LatitudeStep);
            int column = (int)Math.Round((GridSpec.NormalizeLongitude(lon - grid.FirstLongitude, LongitudeConvention.ZeroTo360)) / grid.LongitudeStep);
            if (row >= 0 && row < grid.LatitudeCount && column >= 0 && column < grid.LongitudeCount &&
                statics.LandSeaMask[(row * grid.LongitudeCount) + column] > 0.5f)
            {
                return (lat, lon);
            }
        }

        return null;
    }

    private static (double S, double N, double W, double E) Region(GridSpec grid)
    {
        double south = Math.Max(30, grid.LastLatitude), north = Math.Min(70, grid.FirstLatitude);
        double west = grid.IsGlobalWrap ? -40 : Math.Max(-40, GridSpec.NormalizeLongitude(grid.FirstLongitude, LongitudeConvention.Minus180To180));
        double east = grid.IsGlobalWrap ? 40 : Math.Min(40, west + ((grid.LongitudeCount - 1) * grid.LongitudeStep));
        if (south >= north - 5 || west >= east - 5)
        {
            // The grid does not cover the Euro-Atlantic sector: plant inside the grid, away from its edges.
            double dLat = grid.FirstLatitude - grid.LastLatitude, dLon = (grid.LongitudeCount - 1) * grid.LongitudeStep;
            return (grid.LastLatitude + (0.1 * dLat), grid.FirstLatitude - (0.1 * dLat), grid.FirstLongitude + (0.1 * dLon), grid.LastLongitude - (0.1 * dLon));
        }

        return (south, north, west, east);
    }
}
