using System.Globalization;
using System.Text;
using Monitor.Core.Tests.Formats.NetCdf;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Transfer;

/// <summary>
/// A reanalysis-style manifest archive with missing data, written by ncgen from CDL text (a writer independent of ours):
/// 24 six-hourly steps from 2025-01-01 00 UTC on an 8 × 16 regional grid, one classic netCDF file per variable, fill
/// value −9999. Where all three are present, t2m = 280 + 2·tcc·(1 + row) − 0.5·u10 (K) exactly, with tcc in steps of
/// 1/16 and u10 in steps of 1/2 m/s, so every value is exact in float32. Missing: tcc at two corner cells at every
/// step, t2m at a third corner at every step and at one pseudo-random cell per step, every t2m value of step
/// <see cref="EmptyT2mStep"/>, and step <see cref="AbsentU10Step"/> absent from u10's file. The values as written
/// (NaN where missing) are kept for the tests' own reference computations.
/// </summary>
internal sealed class MissingDataArchive
{
    public const int Rows = 8, Columns = 16, Cells = Rows * Columns, Steps = 24;

    /// <summary>Step whose t2m is entirely fill values (2025-01-02 06 UTC, in the training period).</summary>
    public const int EmptyT2mStep = 5;

    /// <summary>Step missing from u10's time axis (2025-01-05 12 UTC, in the validation period).</summary>
    public const int AbsentU10Step = 18;

    /// <summary>Cells (row · 16 + column) where tcc is always missing, and where t2m is.</summary>
    public static readonly int[] TccCorners = [0, Cells - 1], T2mCorners = [Columns - 1];

    public static readonly DateTime First = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private MissingDataArchive(string manifest, double[][] t2m, double[][] tcc, double[][] u10)
    {
        Manifest = manifest;
        T2m = t2m;
        Tcc = tcc;
        U10 = u10;
    }

    /// <summary>The manifest (every <c>*.nc</c> beside it).</summary>
    public string Manifest { get; }

    /// <summary>Values as written, [step][row · 16 + column], NaN where missing (u10 at the absent step included).</summary>
    public double[][] T2m { get; }

    public double[][] Tcc { get; }

    public double[][] U10 { get; }

    public static DateTime Time(int step) => First.AddHours(6 * step);

    /// <summary>Writes the archive into <paramref name="directory"/>; <paramref name="infiniteTcc"/> also puts +∞ into one tcc value of step 2.</summary>
    public static MissingDataArchive Write(TemporaryDirectory directory, bool infiniteTcc = false)
    {
        var random = new Random(23);
        double[][] t2m = new double[Steps][], tcc = new double[Steps][], u10 = new double[Steps][];
        for (int step = 0; step < Steps; step++)
        {
            (t2m[step], tcc[step], u10[step]) = (new double[Cells], new double[Cells], new double[Cells]);
            int randomHole = random.Next(Cells);
            for (int cell = 0; cell < Cells; cell++)
            {
                tcc[step][cell] = random.Next(17) / 16.0;
                u10[step][cell] = (random.Next(41) - 20) / 2.0;
                t2m[step][cell] = 280 + (2 * tcc[step][cell] * (1 + (cell / Columns))) - (0.5 * u10[step][cell]);
                if (step == EmptyT2mStep || T2mCorners.Contains(cell) || cell == randomHole)
                {
                    t2m[step][cell] = double.NaN;
                }

                if (TccCorners.Contains(cell))
                {
                    tcc[step][cell] = double.NaN;
                }

                if (step == AbsentU10Step)
                {
                    u10[step][cell] = double.NaN;
                }
            }
        }

        if (infiniteTcc)
        {
            tcc[2][20] = double.PositiveInfinity;
        }

        int[] all = [.. Enumerable.Range(0, Steps)];
        CdlFixture.Write(directory, "t2m", Cdl("t2m", "K", t2m, all), CdlFixture.Classic);
        CdlFixture.Write(directory, "tcc", Cdl("tcc", "(0 - 1)", tcc, all), CdlFixture.Classic);
        CdlFixture.Write(directory, "u10", Cdl("u10", "m s**-1", u10, [.. all.Where(s => s != AbsentU10Step)]), CdlFixture.Classic);
        File.WriteAllText(directory.File("manifest.json"), """{ "files": ["*.nc"] }""");
        return new MissingDataArchive(directory.File("manifest.json"), t2m, tcc, u10);
    }

    private static string Cdl(string name, string units, double[][] values, int[] steps)
    {
        var c = CultureInfo.InvariantCulture;
        var data = new StringBuilder();
        foreach (int step in steps)
        {
            data.AppendJoin(", ", values[step].Select(v => double.IsNaN(v) ? "-9999" : double.IsInfinity(v) ? "Infinity" : v.ToString("R", c)));
            data.Append(step == steps[^1] ? " ;" : ",\n    ");
        }

        return $$"""
            netcdf {{name}} {
            dimensions:
              time = {{steps.Length}} ;
              latitude = {{Rows}} ;
              longitude = {{Columns}} ;
            variables:
              double time(time) ;
                time:units = "hours since 2025-01-01 00:00:00" ;
              float latitude(latitude) ;
                latitude:units = "degrees_north" ;
              float longitude(longitude) ;
                longitude:units = "degrees_east" ;
              float {{name}}(time, latitude, longitude) ;
                {{name}}:units = "{{units}}" ;
                {{name}}:_FillValue = -9999.f ;
            data:
              time = {{string.Join(", ", steps.Select(s => (6 * s).ToString(c)))}} ;
              latitude = {{string.Join(", ", Enumerable.Range(0, Rows).Select(r => (60 - (2 * r)).ToString(c)))}} ;
              longitude = {{string.Join(", ", Enumerable.Range(0, Columns).Select(col => (2 * col).ToString(c)))}} ;
              {{name}} = {{data}}
            }
            """;
    }
}
