using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>The W1 synthetic atmosphere for one year (seed 42), computed in memory: analyses every 6 h of 2025.</summary>
public sealed class SyntheticWorld
{
    public const int Variables = 8;

    public SyntheticWorld()
    {
        Options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2025, 12, 31, 18, 0, 0, DateTimeKind.Utc),
            Seed = 42,
            OutputDirectory = "unused",
        };
        Geography = GeographyBuilder.Build(Options.Grid);
        Setup = ArchiveGenerator.Prepare(Options, Geography);
        CycleId[] cycles = Options.Cycles().ToArray();
        int size = Variables * Grid.CellCount;
        Analyses = new float[cycles.Length * size];
        Times = cycles.Select(c => c.InitTime).ToArray();
        Parallel.For(0, cycles.Length, i => Setup.Model.Forecast(cycles[i], 0, Analyses.AsSpan(i * size, size)));
    }

    public GeneratorOptions Options { get; }

    public Geography Geography { get; }

    public SyntheticSetup Setup { get; }

    public GridSpec Grid => Options.Grid;

    /// <summary>Analyses <c>[time, variable, lat, lon]</c> in <see cref="AtmosphereModel.Variables"/> order.</summary>
    public float[] Analyses { get; }

    public IReadOnlyList<DateTime> Times { get; }

    public ReadOnlySpan<float> Field(int time, int variable) =>
        Analyses.AsSpan(((time * Variables) + variable) * Grid.CellCount, Grid.CellCount);

    public float[] Forecast(CycleId cycle, int lead)
    {
        var values = new float[Variables * Grid.CellCount];
        Setup.Model.Forecast(cycle, lead, values);
        return values;
    }
}
