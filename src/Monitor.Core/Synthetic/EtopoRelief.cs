using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Orography and land–sea mask from an ETOPO relief file as Debian's <c>ferret-datasets</c> ships them (netCDF-3,
/// variable <c>ROSE</c>: height above sea level in m, negative for ocean depth, on a regular latitude × longitude
/// grid, either latitude order, longitudes possibly repeating the first column after 360°).
/// </summary>
public static class EtopoRelief
{
    /// <summary>The relief variable in the ferret ETOPO files.</summary>
    public const string VariableName = "ROSE";

    /// <summary>
    /// Averages the relief over each cell of <paramref name="grid"/> (a cell is its centre ± half a step, longitudes
    /// wrapped, rows north → south). Every source value stands for its own source cell and counts with the area that
    /// cell shares with the target cell (first-order conservative remapping), so a source point on a cell edge is
    /// shared half and half and a global total is conserved. Land–sea mask: the area fraction with height &gt; 0 m
    /// (so depressions below sea level such as the Caspian count as sea). Orography: the area-weighted mean of
    /// max(height, 0) in m — like ERA5's, about 0 over sea rather than the sea-floor depth. Only the source rows the
    /// grid needs are read. Global source axes are taken as exactly 360°/n and 180°/n apart (the stored ETOPO5 longitudes
    /// drift by 0.003° over the circle, the ETOPO20 latitudes by 2e-5°), and a last column repeating the first (ETOPO20)
    /// is dropped.
    /// </summary>
    /// <param name="path">The ETOPO netCDF file.</param>
    /// <param name="grid">The target grid; steps must be positive.</param>
    /// <exception cref="DataFileException">The file cannot be read, has no <c>ROSE</c>, or leaves a cell without data.</exception>
    public static StaticFields Regrid(string path, GridSpec grid)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        if (!(grid.LatitudeStep > 0) || !(grid.LongitudeStep > 0))
        {
            throw new ArgumentException($"Regridding needs positive steps, grid {grid} has Δlat={grid.LatitudeStep}, Δlon={grid.LongitudeStep}.", nameof(grid));
        }

        using NetCdfFile file = NetCdfFile.Open(path);
        NetCdfVariable rose = file.Variable(VariableName);
        if (rose.Dimensions.Count != 2)
        {
            throw new DimensionMismatchException(path, VariableName, $"has {rose.Dimensions.Count} dimensions, expected (latitude, longitude).");
        }

        SourceAxis latitudes = SourceAxis.Latitude(path, file.ReadAllDouble(file.Variable(rose.Dimensions[0].Name)));
        SourceAxis longitudes = SourceAxis.Longitude(path, file.ReadAllDouble(file.Variable(rose.Dimensions[1].Name)));
        Overlaps rows = Overlaps.Rows(latitudes, grid);
        Overlaps columns = Overlaps.Columns(longitudes, grid);
        if (rows.FirstSource > rows.LastSource)
        {
            throw new DimensionMismatchException(path, VariableName, $"has no rows inside grid {grid}.");
        }

        int rowCount = rows.LastSource - rows.FirstSource + 1, width = longitudes.Count;
        var block = new float[(long)rowCount * width];
        file.ReadFloat(rose, [rows.FirstSource, 0], [rowCount, width], block);
        var missing = new MissingValues(rose);

        var sums = new CellSums(grid.CellCount);
        int nlon = grid.LongitudeCount;
        var lineWeight = new double[nlon];
        var lineLand = new double[nlon];
        var lineHeight = new double[nlon];
        int[] usedColumns = columns.SourcesWithTargets();
        for (int i = rows.FirstSource; i <= rows.LastSource; i++)
        {
            Array.Clear(lineWeight);
            Array.Clear(lineLand);
            Array.Clear(lineHeight);
            ReadOnlySpan<float> line = block.AsSpan((i - rows.FirstSource) * width, width);
            foreach (int j in usedColumns)
            {
                float value = line[j];
                if (missing.Contains(value))
                {
                    continue;
                }

                double land = value > 0 ? 1.0 : 0.0, height = Math.Max(value, 0f);
                for (int e = columns.Start[j]; e < columns.Start[j + 1]; e++)
                {
                    double w = columns.Weight[e];
                    int k = columns.Target[e];
                    lineWeight[k] += w;
                    lineLand[k] += w * land;
                    lineHeight[k] += w * height;
                }
            }

            for (int e = rows.Start[i]; e < rows.Start[i + 1]; e++)
            {
                sums.AddLine(rows.Target[e] * nlon, rows.Weight[e], lineWeight, lineLand, lineHeight);
            }
        }

        return sums.ToStaticFields(grid, path);
    }

    /// <summary>A regular source axis: centre of element i is First + i·Step, each element spanning ±Step/2.</summary>
    private readonly record struct SourceAxis(double First, double Step, int Count)
    {
        public double HalfWidth => Math.Abs(Step) / 2;

        public double Centre(int i) => First + (i * Step);

        public static SourceAxis Latitude(string path, double[] values)
        {
            if (values.Length < 2)
            {
                throw new UnsupportedGridException(path, VariableName, $"latitude axis of {values.Length} value(s)");
            }

            double step = (values[^1] - values[0]) / (values.Length - 1);
            double span = Math.Abs(step) * values.Length;
            if (Math.Abs(span - 180.0) < Math.Abs(step) / 2)
            {
                // Global, cell-centred (ETOPO20: ±89.83°): exactly 180°/n, whatever rounding the stored values carry.
                step = Math.CopySign(180.0 / values.Length, step);
                return new SourceAxis(-Math.CopySign(90.0, step) + (step / 2), step, values.Length);
            }

            if (Math.Abs(span - Math.Abs(step) - 180.0) < Math.Abs(step) / 2)
            {
                // Global from pole to pole (ETOPO5: ±90°).
                step = Math.CopySign(180.0 / (values.Length - 1), step);
                return new SourceAxis(-Math.CopySign(90.0, step), step, values.Length);
            }

            return new SourceAxis(values[0], step, values.Length);
        }

        public static SourceAxis Longitude(string path, double[] values)
        {
            if (values.Length < 2)
            {
                throw new UnsupportedGridException(path, VariableName, $"longitude axis of {values.Length} value(s)");
            }

            double step = (values[^1] - values[0]) / (values.Length - 1);
            int count = values.Length;
            if (Math.Abs(values[^1] - values[0] - 360.0) < Math.Abs(step) / 2)
            {
                count--;   // the last column repeats the first one turn later
            }

            // A global axis: exactly 360°/n, whatever rounding the stored values carry.
            if (Math.Abs((count * step) - 360.0) < Math.Abs(step) / 2)
            {
                step = 360.0 / count;
            }

            return new SourceAxis(values[0], step, count);
        }
    }

    /// <summary>
    /// Which target rows or columns each source row or column overlaps, with the overlap as weight (compressed rows:
    /// entries Start[i] .. Start[i+1]−1 belong to source i). Latitude weights are Δ sin φ, longitude weights Δλ (°),
    /// so their product is proportional to the overlap area.
    /// </summary>
    private sealed class Overlaps
    {
        private readonly List<int> _target = [];
        private readonly List<double> _weight = [];

        private Overlaps(int sources)
        {
            Start = new int[sources + 1];
        }

        public int[] Start { get; }

        public int[] Target { get; private set; } = [];

        public double[] Weight { get; private set; } = [];

        public int FirstSource { get; private set; } = int.MaxValue;

        public int LastSource { get; private set; } = -1;

        public static Overlaps Rows(SourceAxis source, GridSpec grid)
        {
            var overlaps = new Overlaps(source.Count);
            double step = grid.LatitudeStep, northEdge = grid.FirstLatitude + (step / 2);
            for (int i = 0; i < source.Count; i++)
            {
                overlaps.Start[i] = overlaps._target.Count;
                double top = Math.Min(90, source.Centre(i) + source.HalfWidth), bottom = Math.Max(-90, source.Centre(i) - source.HalfWidth);
                int first = Math.Max(0, (int)Math.Floor((northEdge - top) / step));
                int last = Math.Min(grid.LatitudeCount - 1, (int)Math.Floor((northEdge - bottom) / step));
                for (int r = first; r <= last; r++)
                {
                    double cellTop = Math.Min(90, northEdge - (r * step)), cellBottom = Math.Max(-90, northEdge - ((r + 1) * step));
                    double weight = SinDeg(Math.Min(top, cellTop)) - SinDeg(Math.Max(bottom, cellBottom));
                    overlaps.Add(i, r, weight);
                }
            }

            return overlaps.Complete(source.Count);
        }

        public static Overlaps Columns(SourceAxis source, GridSpec grid)
        {
            var overlaps = new Overlaps(source.Count);
            double step = grid.LongitudeStep, westEdge = grid.FirstLongitude - (step / 2);
            for (int j = 0; j < source.Count; j++)
            {
                overlaps.Start[j] = overlaps._target.Count;
                double x = Mod(source.Centre(j) - westEdge, 360.0);
                foreach (double shift in (ReadOnlySpan<double>)[-360.0, 0.0, 360.0])
                {
                    double west = x - source.HalfWidth + shift, east = x + source.HalfWidth + shift;
                    int first = Math.Max(0, (int)Math.Floor(west / step));
                    int last = Math.Min(grid.LongitudeCount - 1, (int)Math.Floor(east / step));
                    for (int k = first; k <= last; k++)
                    {
                        overlaps.Add(j, k, Math.Min(east, (k + 1) * step) - Math.Max(west, k * step));
                    }
                }
            }

            return overlaps.Complete(source.Count);
        }

        /// <summary>The sources that overlap at least one target, in order.</summary>
        public int[] SourcesWithTargets() =>
            Enumerable.Range(0, Start.Length - 1).Where(i => Start[i + 1] > Start[i]).ToArray();

        private void Add(int source, int target, double weight)
        {
            // Overlaps thinner than rounding noise are edges merely touching.
            if (weight > 1e-12)
            {
                _target.Add(target);
                _weight.Add(weight);
                FirstSource = Math.Min(FirstSource, source);
                LastSource = Math.Max(LastSource, source);
            }
        }

        private Overlaps Complete(int sources)
        {
            Start[sources] = _target.Count;
            Target = [.. _target];
            Weight = [.. _weight];
            return this;
        }
    }

    /// <summary>The fill and missing values of ROSE (−1e34 in the ferret files).</summary>
    private readonly struct MissingValues(NetCdfVariable variable)
    {
        private readonly float _fill = (float)(variable.NumberAttribute("_FillValue") ?? float.NaN);
        private readonly float _missing = (float)(variable.NumberAttribute("missing_value") ?? float.NaN);

        public bool Contains(float value) => float.IsNaN(value) || value == _fill || value == _missing;
    }

    /// <summary>Weighted sums per target cell: weight, land weight, height × weight.</summary>
    private sealed class CellSums(int cells)
    {
        private readonly double[] _weight = new double[cells];
        private readonly double[] _land = new double[cells];
        private readonly double[] _height = new double[cells];

        public void AddLine(int offset, double rowWeight, double[] weight, double[] land, double[] height)
        {
            for (int k = 0; k < weight.Length; k++)
            {
                _weight[offset + k] += rowWeight * weight[k];
                _land[offset + k] += rowWeight * land[k];
                _height[offset + k] += rowWeight * height[k];
            }
        }

        public StaticFields ToStaticFields(GridSpec grid, string path)
        {
            var orography = new float[cells];
            var mask = new float[cells];
            for (int cell = 0; cell < cells; cell++)
            {
                if (!(_weight[cell] > 0))
                {
                    int r = cell / grid.LongitudeCount, c = cell % grid.LongitudeCount;
                    throw new EmptyFieldException(path, VariableName, $"the cell at {grid.Latitude(r)}°N {grid.Longitude(c)}°E");
                }

                orography[cell] = (float)(_height[cell] / _weight[cell]);
                mask[cell] = (float)(_land[cell] / _weight[cell]);
            }

            return new StaticFields(grid, orography, mask).Validate();
        }
    }

    private static double SinDeg(double degrees) => Math.Sin(degrees * Math.PI / 180.0);

    private static double Mod(double x, double m) => ((x % m) + m) % m;
}
