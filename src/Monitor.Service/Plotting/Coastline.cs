using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;

namespace Monitor.Service.Plotting;

/// <summary>
/// Shorelines of the sea and of lakes from GSHHG (Wessel and Smith, "A global, self-consistent, hierarchical,
/// high-resolution shoreline database", JGR 101(B4), 1996) in the binned netCDF files GMT reads, as Debian's
/// <c>gmt-gshhg-low</c> installs them (<c>/usr/share/gmt-gshhg/binned_GSHHS_{c,l,i}.nc</c>). The files cut the shores
/// into segments per square bin of latitude and longitude; each point is stored as two unsigned 16-bit offsets
/// from its bin's south-west corner in units of 1/65535 of the bin size, and each segment packs its point count
/// (bits 9 and up) and hierarchy level (bits 6–8: 1 sea shore, 2 lake shore, 3 island in a lake, 4 pond) into one
/// integer. Segments of the Antarctic grounding line (flag 2) are left out: the ice front is Antarctica's shore.
/// </summary>
public sealed class Coastline
{
    /// <summary>Where Debian's gmt-gshhg packages put the files.</summary>
    public const string InstalledFolder = "/usr/share/gmt-gshhg";

    /// <summary>Deepest hierarchy level drawn: sea and lake shores, not islands in lakes or ponds.</summary>
    private const int DeepestLevel = 2;

    /// <summary>Antarctic segments flagged as the grounding line.</summary>
    private const int GroundingLineFlag = 2;

    private readonly List<ShoreSegment> _segments;

    private Coastline(string path, double binSize, List<ShoreSegment> segments)
    {
        FilePath = path;
        BinSize = binSize;
        _segments = segments;
    }

    /// <summary>The file read.</summary>
    public string FilePath { get; }

    /// <summary>Side of the file's bins (°).</summary>
    public double BinSize { get; }

    /// <summary>Number of shore segments kept.</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>
    /// The installed GSHHG resolution that suits maps of cells <paramref name="cellSize"/>° wide — crude (about
    /// 25 km) for cells of a degree or more, low (about 5 km) for finer ones, the other when one is missing — or
    /// null when none is installed.
    /// </summary>
    public static Coastline? FindInstalled(double cellSize, string folder = InstalledFolder)
    {
        string[] order = cellSize >= 1 ? ["c", "l"] : ["l", "c"];
        return order.Select(resolution => Path.Combine(folder, $"binned_GSHHS_{resolution}.nc"))
            .Where(File.Exists)
            .Select(Read)
            .FirstOrDefault();
    }

    /// <summary>Reads a binned GSHHG shoreline file; throws <see cref="DataFileException"/> naming what is wrong.</summary>
    public static Coastline Read(string path)
    {
        using NetCdfFile file = NetCdfFile.Open(path);
        double binSize = file.ReadAllDouble(file.Variable("Bin_size_in_minutes"))[0] / 60.0;
        int binsPerCircle = (int)file.ReadAllDouble(file.Variable("N_bins_in_360_longitude_range"))[0];
        double[] firstSegment = file.ReadAllDouble(file.Variable("Id_of_first_segment_in_a_bin"));
        double[] segmentsInBin = file.ReadAllDouble(file.Variable("N_segments_in_a_bin"));
        double[] packed = file.ReadAllDouble(file.Variable("Embedded_npts_levels_exit_entry_for_a_segment"));
        double[] firstPoint = file.ReadAllDouble(file.Variable("Id_of_first_point_in_a_segment"));
        double[] antarcticFlag = file.ReadAllDouble(file.Variable("Embedded_ANT_flag"));
        double[] dx = file.ReadAllDouble(file.Variable("Relative_longitude_from_SW_corner_of_bin"));
        double[] dy = file.ReadAllDouble(file.Variable("Relative_latitude_from_SW_corner_of_bin"));
        if (!(binSize > 0) || binsPerCircle * binSize is < 359.99 or > 360.01)
        {
            throw new DataFileException(path, "Bin_size_in_minutes", $"bins of {binSize}° × {binsPerCircle} do not cover 360°: not a binned GSHHG file.");
        }

        var segments = new List<ShoreSegment>();
        for (int bin = 0; bin < firstSegment.Length; bin++)
        {
            // Bins run west → east from 0°E, rows north → south from 90°N.
            double west = (bin % binsPerCircle) * binSize;
            double south = 90 - (((bin / binsPerCircle) + 1) * binSize);
            for (int s = (int)firstSegment[bin], end = s + (int)segmentsInBin[bin]; s < end; s++)
            {
                long info = (long)packed[s];
                int points = (int)(info >> 9), level = (int)((info >> 6) & 7);
                if (level > DeepestLevel || antarcticFlag[s] == GroundingLineFlag || points < 2)
                {
                    continue;
                }

                int first = (int)firstPoint[s];
                if (first < 0 || first + points > dx.Length)
                {
                    throw new DataFileException(path, "Id_of_first_point_in_a_segment", $"segment {s} of bin {bin} points past the {dx.Length} points.");
                }

                var longitudes = new double[points];
                var latitudes = new double[points];
                for (int p = 0; p < points; p++)
                {
                    longitudes[p] = west + (Unsigned(dx[first + p]) * binSize / 65535.0);
                    latitudes[p] = south + (Unsigned(dy[first + p]) * binSize / 65535.0);
                }

                segments.Add(new ShoreSegment(west, south, longitudes, latitudes));
            }
        }

        return new Coastline(path, binSize, segments);
    }

    /// <summary>
    /// The shores in the box, as one outline: every segment whose bin overlaps it, shifted by whole turns so that
    /// its longitudes fall where the box's axis runs (<paramref name="west"/> may be negative,
    /// <paramref name="east"/> past 360). The plot clips what sticks out.
    /// </summary>
    /// <param name="west">Western edge (°E).</param>
    /// <param name="east">Eastern edge (°E), greater than <paramref name="west"/>.</param>
    /// <param name="south">Southern edge (°N).</param>
    /// <param name="north">Northern edge (°N).</param>
    internal OutlinePath Within(double west, double east, double south, double north)
    {
        var longitudes = new List<double>();
        var latitudes = new List<double>();
        int firstTurn = (int)Math.Floor((west - BinSize) / 360), lastTurn = (int)Math.Floor(east / 360);
        foreach (ShoreSegment segment in _segments)
        {
            if (segment.South > north || segment.South + BinSize < south)
            {
                continue;
            }

            for (int turn = firstTurn; turn <= lastTurn; turn++)
            {
                double shift = 360.0 * turn;
                if (segment.West + shift > east || segment.West + BinSize + shift < west)
                {
                    continue;
                }

                if (longitudes.Count > 0)
                {
                    longitudes.Add(double.NaN);
                    latitudes.Add(double.NaN);
                }

                longitudes.AddRange(segment.Longitudes.Select(longitude => longitude + shift));
                latitudes.AddRange(segment.Latitudes);
            }
        }

        return new OutlinePath([.. longitudes], [.. latitudes]);
    }

    /// <summary>netCDF has no unsigned short in the classic format: the offsets are stored as signed shorts.</summary>
    private static double Unsigned(double stored) => stored < 0 ? stored + 65536 : stored;

    /// <summary>One piece of shore inside one bin; <see cref="West"/> and <see cref="South"/> are the bin's corner (°).</summary>
    private sealed record ShoreSegment(double West, double South, double[] Longitudes, double[] Latitudes);
}
