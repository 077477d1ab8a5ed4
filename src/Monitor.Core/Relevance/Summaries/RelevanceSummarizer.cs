using Monitor.Core.Grids;

namespace Monitor.Core.Relevance.Summaries;

/// <summary>Summarises explanations per selection: per-input sums and shares, footprint, conservation residual.</summary>
public static class RelevanceSummarizer
{
    /// <summary>
    /// Summarises selection <paramref name="selection"/> of <paramref name="explanation"/> on <paramref name="grid"/>.
    /// </summary>
    /// <param name="explanation">The explanation.</param>
    /// <param name="selection">Which selection.</param>
    /// <param name="grid">The model's grid.</param>
    /// <param name="inputs">Input variable names in channel order.</param>
    /// <param name="wind">The 10 m wind (u, v) <c>[lat, lon]</c> at the explained lead, m/s, or null.</param>
    public static RegionSummary Summarize(Explanation explanation, int selection, GridSpec grid, IReadOnlyList<string> inputs,
        (IReadOnlyList<float> U, IReadOnlyList<float> V)? wind = null)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != explanation.Channels || grid.CellCount != explanation.Cells)
        {
            throw new ArgumentException(
                $"The explanation has {explanation.Channels} inputs on {explanation.Cells} cells; got {inputs.Count} names and a grid of {grid.CellCount} cells.");
        }

        var selector = explanation.Selectors[selection];
        double[] areas = grid.CellAreasKm2();
        var cellWeights = new double[grid.CellCount];
        var variables = new List<VariableRelevance>(inputs.Count);
        for (int c = 0; c < inputs.Count; c++)
        {
            ReadOnlySpan<float> map = explanation.Map(selection, c);
            double positive = 0, negative = 0;
            for (int i = 0; i < map.Length; i++)
            {
                double r = map[i];
                if (r > 0)
                {
                    positive += r;
                }
                else
                {
                    negative += r;
                }

                cellWeights[i] += Math.Abs(r);
            }

            variables.Add(new VariableRelevance(inputs[c], positive + negative, positive - negative, 0, positive, negative));
        }

        double total = variables.Sum(v => v.Absolute);
        variables = variables.Select(v => v with { Share = total > 0 ? v.Absolute / total : 0 }).ToList();

        (double latitude, double longitude, double area) = Centroid(grid, selector.Mask, areas);
        Footprint footprint = FootprintOf(grid, cellWeights, latitude, longitude, selector.Mask, wind);
        return new RegionSummary(
            selector.Explained,
            selector.RelativeTo,
            selector.CellCount,
            area,
            latitude,
            longitude,
            variables,
            footprint,
            explanation.OutputRelevance[selection],
            explanation.InputRelevance(selection));
    }

    /// <summary>Area-weighted centroid of the selected cells (<see cref="GreatCircle.Centroid"/>) and their total area.</summary>
    private static (double Latitude, double Longitude, double AreaKm2) Centroid(GridSpec grid, IReadOnlyList<bool> mask, double[] areas)
    {
        int[] cells = [.. Enumerable.Range(0, mask.Count).Where(i => mask[i])];
        (double latitude, double longitude) = GreatCircle.Centroid(grid, cells);
        return (latitude, GridSpec.NormalizeLongitude(longitude, grid.Convention), cells.Sum(i => areas[i / grid.LongitudeCount]));
    }

    /// <summary>
    /// Weighted mean great-circle distance and weighted mean position in the azimuthal equidistant projection centred
    /// on the centroid (x east, y north, km).
    /// </summary>
    private static Footprint FootprintOf(GridSpec grid, double[] weights, double latitude, double longitude, IReadOnlyList<bool> mask,
        (IReadOnlyList<float> U, IReadOnlyList<float> V)? wind)
    {
        double sum = 0, distance = 0, east = 0, north = 0;
        double phi0 = Radians(latitude), lambda0 = Radians(longitude);
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            double phi = Radians(grid.Latitude(r));
            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                double w = weights[(r * grid.LongitudeCount) + c];
                if (w == 0)
                {
                    continue;
                }

                double dLambda = Radians(grid.Longitude(c)) - lambda0;

                // Great-circle distance (haversine) and initial bearing from the centroid.
                double h = Square(Math.Sin((phi - phi0) / 2)) + (Math.Cos(phi0) * Math.Cos(phi) * Square(Math.Sin(dLambda / 2)));
                double d = 2 * GridSpec.EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
                double bearing = Math.Atan2(
                    Math.Sin(dLambda) * Math.Cos(phi),
                    (Math.Cos(phi0) * Math.Sin(phi)) - (Math.Sin(phi0) * Math.Cos(phi) * Math.Cos(dLambda)));
                sum += w;
                distance += w * d;
                east += w * d * Math.Sin(bearing);
                north += w * d * Math.Cos(bearing);
            }
        }

        if (sum == 0)
        {
            return new Footprint(0, 0, 0, null);
        }

        (double meanDistance, double e, double n) = (distance / sum, east / sum, north / sum);
        return new Footprint(meanDistance, e, n, WindRelation(e, n, meanDistance, mask, wind));
    }

    private static string? WindRelation(double east, double north, double meanDistance, IReadOnlyList<bool> mask,
        (IReadOnlyList<float> U, IReadOnlyList<float> V)? wind)
    {
        if (wind is not { } w)
        {
            return null;
        }

        double u = 0, v = 0;
        int n = 0;
        for (int i = 0; i < mask.Count; i++)
        {
            if (mask[i] && float.IsFinite(w.U[i]) && float.IsFinite(w.V[i]))
            {
                u += w.U[i];
                v += w.V[i];
                n++;
            }
        }

        double offset = Math.Sqrt((east * east) + (north * north));
        if (n == 0 || (u == 0 && v == 0))
        {
            return null;
        }

        if (offset < 0.1 * meanDistance)
        {
            return "centred";
        }

        // The wind blows towards (u, v); upwind is the opposite direction.
        double cosine = ((east * u) + (north * v)) / (offset * Math.Sqrt((u * u) + (v * v)));
        return cosine < -0.5 ? "upwind" : cosine > 0.5 ? "downwind" : "crosswind";
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180.0;

    private static double Square(double x) => x * x;
}
