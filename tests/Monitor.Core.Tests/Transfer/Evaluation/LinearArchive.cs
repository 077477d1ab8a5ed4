using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Transfer.Evaluation;

/// <summary>
/// An archive where the target is an exact linear function of two inputs at every cell:
/// t2m = 280 + 2·tcc·(1 + row) − 0.5·u10 (K), with tcc, u10 pseudo-random per cycle, lead and cell.
/// </summary>
internal static class LinearArchive
{
    public static readonly GridSpec Grid = new(10, 5, 3, 0, 5, 4);

    public static double Target(double tcc, double u10, int row) => 280 + (2 * tcc * (1 + row)) - (0.5 * u10);

    public static void Write(string directory, DateTime from, int cycles)
    {
        var random = new Random(17);
        for (int i = 0; i < cycles; i++)
        {
            var cycle = new CycleId(from.AddHours(6 * i));
            int[] leads = [0, 6];
            var values = new float[leads.Length * 3 * Grid.CellCount];
            for (int l = 0; l < leads.Length; l++)
            {
                for (int cell = 0; cell < Grid.CellCount; cell++)
                {
                    double tcc = random.NextDouble(), u10 = (random.NextDouble() * 20) - 10;
                    int offset = l * 3 * Grid.CellCount;
                    values[offset + cell] = (float)Target(tcc, u10, cell / Grid.LongitudeCount);
                    values[offset + Grid.CellCount + cell] = (float)tcc;
                    values[offset + (2 * Grid.CellCount) + cell] = (float)u10;
                }
            }

            var data = new CycleData(cycle, Grid, leads, [new("t2m"), new("tcc"), new("u10")], values);
            string folder = Path.Combine(directory, cycle.ToString());
            NetCdfCycleWriter.Write(data, Path.Combine(folder, "fc.nc"));
            File.WriteAllText(Path.Combine(folder, "_COMPLETE"), "");
        }
    }
}
