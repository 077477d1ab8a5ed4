using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The model behind an archive, set up by <see cref="ArchiveGenerator.Prepare"/> as <c>generate</c> sets it up, so tests
/// can compute fields in memory, compare them with what the generator writes, and rebuild the model on perturbed
/// static fields with the same regime sequence and events.
/// </summary>
internal sealed class ArchiveModel
{
    private ArchiveModel(GridSpec grid, StaticFields statics, RegimeChain chain, IReadOnlyList<PlantedEvent> events, long seed)
    {
        Grid = grid;
        Statics = statics;
        Chain = chain;
        Events = events;
        Model = new AtmosphereModel(grid, statics, chain, events, seed);
    }

    public GridSpec Grid { get; }

    public StaticFields Statics { get; }

    public RegimeChain Chain { get; }

    public IReadOnlyList<PlantedEvent> Events { get; }

    public AtmosphereModel Model { get; }

    /// <summary>The model of <c>generate</c> with these settings; without events when <paramref name="withEvents"/> is false.</summary>
    public static ArchiveModel For(GridSpec grid, StaticFields statics, DateTime from, DateTime to, int lastLeadHours, long seed, bool withEvents = true)
    {
        var options = new GeneratorOptions { Grid = grid, From = from, To = to, LeadHours = [lastLeadHours], Seed = seed, OutputDirectory = "unused" };
        SyntheticSetup setup = ArchiveGenerator.Prepare(options, new Geography(statics, "test"));
        return new ArchiveModel(grid, statics, setup.Chain, withEvents ? setup.Events : [], seed);
    }

    /// <summary>The same chain and events on other static fields (a perturbation experiment).</summary>
    public ArchiveModel WithStatics(StaticFields statics, long seed) => new(Grid, statics, Chain, Events, seed);

    /// <summary>One lead of one cycle.</summary>
    public ModelOutput Forecast(CycleId cycle, int leadHours)
    {
        var block = new float[AtmosphereModel.Variables.Count * Grid.CellCount];
        Model.Forecast(cycle, leadHours, block);
        return new ModelOutput(Grid, block);
    }

    /// <summary>The analysis (lead 0) of the cycle at <paramref name="valid"/>.</summary>
    public ModelOutput Analysis(DateTime valid) => Forecast(new CycleId(valid), 0);
}
