using Monitor.Core.Grids;
using Monitor.Core.Numerics;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Spatially correlated noise: unit-variance Gaussian values on a coarse latitude/longitude lattice (spacing in
/// degrees, fixed on the sphere so that every grid sees the same field), interpolated bilinearly (smoothstep-weighted)
/// to the grid, and damped by cos φ towards the poles, where the lattice's longitude spacing shrinks to nothing and
/// would otherwise make steep spurious gradients (and geostrophic gales). Keyed, so the same key always gives the
/// same field.
/// </summary>
public static class SmoothNoise
{
    /// <summary>Adds <paramref name="amplitude"/> × noise(key) to <paramref name="field"/> (<c>[lat, lon]</c>).</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="field">Values to add to.</param>
    /// <param name="amplitude">Standard deviation at lattice points (units of the field).</param>
    /// <param name="spacingDegrees">Lattice spacing (°): the correlation length is about this.</param>
    /// <param name="key">Stream key (seed, time, variable …).</param>
    public static void Add(GridSpec grid, Span<float> field, double amplitude, double spacingDegrees, params long[] key) =>
        Add(grid, field, amplitude, spacingDegrees, static _ => 1.0, key);

    /// <summary>As <see cref="Add(GridSpec, Span{float}, double, double, long[])"/>, with the amplitude shaped by latitude.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="field">Values to add to.</param>
    /// <param name="amplitude">Standard deviation at lattice points where <paramref name="latitudeShape"/> is 1.</param>
    /// <param name="spacingDegrees">Lattice spacing (°).</param>
    /// <param name="latitudeShape">Factor by latitude (°N), e.g. to keep pressure noise out of the tropics.</param>
    /// <param name="key">Stream key.</param>
    public static void Add(GridSpec grid, Span<float> field, double amplitude, double spacingDegrees, Func<double, double> latitudeShape, params long[] key)
    {
        ArgumentNullException.ThrowIfNull(latitudeShape);
        ArgumentNullException.ThrowIfNull(grid);
        int nLat = (int)Math.Ceiling(180.0 / spacingDegrees) + 2, nLon = (int)Math.Ceiling(360.0 / spacingDegrees);
        var lattice = new double[nLat * nLon];
        SplitMix64 random = SplitMix64.For(key);
        for (int i = 0; i < lattice.Length; i++)
        {
            lattice[i] = random.NextGaussian();
        }

        var columnIndex = new int[grid.LongitudeCount];
        var columnWeight = new double[grid.LongitudeCount];
        for (int c = 0; c < grid.LongitudeCount; c++)
        {
            double x = GridSpec.NormalizeLongitude(grid.Longitude(c), LongitudeConvention.ZeroTo360) / spacingDegrees;
            columnIndex[c] = (int)Math.Floor(x);
            columnWeight[c] = Smooth(x - columnIndex[c]);
        }

        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            double y = (90.0 - grid.Latitude(r)) / spacingDegrees;
            int i0 = Math.Clamp((int)Math.Floor(y), 0, nLat - 2);
            double wy = Smooth(Math.Clamp(y - i0, 0, 1));
            double taper = Math.Cos(grid.Latitude(r) * Math.PI / 180.0) * latitudeShape(grid.Latitude(r));
            Span<float> row = field.Slice(r * grid.LongitudeCount, grid.LongitudeCount);
            for (int c = 0; c < row.Length; c++)
            {
                int j0 = columnIndex[c] % nLon, j1 = (j0 + 1) % nLon;
                double wx = columnWeight[c];
                double top = (lattice[(i0 * nLon) + j0] * (1 - wx)) + (lattice[(i0 * nLon) + j1] * wx);
                double bottom = (lattice[((i0 + 1) * nLon) + j0] * (1 - wx)) + (lattice[((i0 + 1) * nLon) + j1] * wx);
                row[c] += (float)(amplitude * taper * ((top * (1 - wy)) + (bottom * wy)));
            }
        }
    }

    // Smoothstep keeps the field's gradient continuous across lattice cells (no grid-shaped artefacts in winds).
    private static double Smooth(double t) => t * t * (3 - (2 * t));
}
