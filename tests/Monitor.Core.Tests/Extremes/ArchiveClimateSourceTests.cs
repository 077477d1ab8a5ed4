using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Extremes;

/// <summary>The archive source on cycle folders written by the project's netCDF writer (the inbox layout).</summary>
public sealed class ArchiveClimateSourceTests : IDisposable
{
    private static readonly GridSpec Grid = new(50, 1, 3, 0, 1, 4);
    private static readonly VariableId[] Variables = [new("t2m"), new("u10"), new("v10")];
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WindSpeed_IsDerivedFromU10AndV10_AndOnlyTheRequestedRowsAreReturned()
    {
        WriteCycle("2025010100", Grid, nanAt: -1);
        using var archive = new CycleArchive(_directory.Path);
        var source = new ArchiveClimateSource(archive, [0, 6]);

        Assert.Equal(2, source.Samples.Count);
        var rows = new float[2 * 2 * Grid.LongitudeCount];
        source.Read(source.Samples[1], [new("si10"), new("t2m")], 1, 2, rows);

        for (int i = 0; i < 2 * Grid.LongitudeCount; i++)
        {
            int cell = Grid.LongitudeCount + i;
            float u = Value(1, 1, cell), v = Value(1, 2, cell);
            Assert.Equal(MathF.Sqrt((u * u) + (v * v)), rows[i], 5);
            Assert.Equal(Value(1, 0, cell), rows[(2 * Grid.LongitudeCount) + i]);
        }
    }

    [Fact]
    public void NaNInAField_IsNamed_WithFileVariableAndLead()
    {
        WriteCycle("2025010100", Grid, nanAt: 5);
        using var archive = new CycleArchive(_directory.Path);
        var source = new ArchiveClimateSource(archive, [0, 6]);

        CycleDataException ex = Assert.Throws<CycleDataException>(() =>
            ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [new("t2m")], LeadHours = [0, 6] }, new ClimatologyFiles(_directory.File("climatology"))));
        Assert.Contains("fc_2025010100.nc", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'t2m'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACycleOnAnotherGrid_IsNamed_WithBothGrids()
    {
        WriteCycle("2025010100", Grid, nanAt: -1);
        WriteCycle("2025010106", Grid with { LatitudeCount = 2 }, nanAt: -1);
        using var archive = new CycleArchive(_directory.Path);
        var source = new ArchiveClimateSource(archive, [0]);

        DimensionMismatchException ex = Assert.Throws<DimensionMismatchException>(() =>
            ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [new("t2m")] }, new ClimatologyFiles(_directory.File("climatology"))));
        Assert.Contains("fc_2025010106.nc", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2×4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3×4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingVariable_IsNamed_WithTheFileAndWhatItHas()
    {
        WriteCycle("2025010100", Grid, nanAt: -1);
        using var archive = new CycleArchive(_directory.Path);
        var source = new ArchiveClimateSource(archive, [0]);

        VariableNotFoundException ex = Assert.Throws<VariableNotFoundException>(() =>
            ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [new("tp")] }, new ClimatologyFiles(_directory.File("climatology"))));
        Assert.Contains("'tp'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("t2m", ex.Message, StringComparison.Ordinal);
    }

    private static float Value(int lead, int variable, int cell) => 270 + (10 * lead) + (3 * variable) + (0.5f * cell) - (variable > 0 ? 268 : 0);

    private void WriteCycle(string name, GridSpec grid, int nanAt)
    {
        CycleId cycle = CycleId.Parse(name);
        var values = new float[2 * Variables.Length * grid.CellCount];
        for (int l = 0; l < 2; l++)
        {
            for (int v = 0; v < Variables.Length; v++)
            {
                for (int c = 0; c < grid.CellCount; c++)
                {
                    values[(((l * Variables.Length) + v) * grid.CellCount) + c] = Value(l, v, c);
                }
            }
        }

        if (nanAt >= 0)
        {
            values[grid.CellCount * Variables.Length + nanAt] = float.NaN;   // lead +6 h, t2m
        }

        string folder = Path.Combine(_directory.Path, name);
        NetCdfCycleWriter.Write(new CycleData(cycle, grid, [0, 6], Variables, values), Path.Combine(folder, $"fc_{name}.nc"));
        File.WriteAllText(Path.Combine(folder, "_COMPLETE"), "");
    }
}
