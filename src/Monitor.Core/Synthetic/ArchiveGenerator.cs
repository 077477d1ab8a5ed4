using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// Writes a synthetic forecast archive: one folder per cycle in the inbox layout (<c>&lt;yyyyMMddHH&gt;/fc_&lt;cycle&gt;.nc</c>,
/// netCDF-4 with every lead, the static fields, and a <c>_COMPLETE</c> marker) plus the ground truth in <c>truth/</c>.
/// Cycles are computed two at a time and streamed to disk, so memory does not grow with the period.
/// </summary>
public static class ArchiveGenerator
{
    /// <summary>Name of the completion marker written in each cycle folder.</summary>
    public const string Marker = "_COMPLETE";

    /// <summary>Generates the archive.</summary>
    /// <param name="options">What to write.</param>
    /// <param name="geography">Orography and land–sea mask on the grid, and where they came from.</param>
    /// <param name="progress">Receives the number of cycles written so far.</param>
    /// <param name="cancellationToken">Stops between cycles.</param>
    public static GenerationSummary Generate(GeneratorOptions options, Geography geography, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(geography);
        options.Validate();
        var clock = Stopwatch.StartNew();
        StaticFields statics = geography.Fields;
        SyntheticSetup setup = Prepare(options, geography);
        AtmosphereModel model = setup.Model;
        Directory.CreateDirectory(options.OutputDirectory);
        GroundTruthWriter.Write(options, setup.Chain, setup.Events, geography.Source);

        CycleId[] cycles = options.Cycles().ToArray();
        int written = 0;
        Parallel.ForEach(cycles, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, cycle =>
        {
            WriteCycle(model, cycle, options, statics);
            progress?.Report(Interlocked.Increment(ref written));
        });

        return new GenerationSummary(cycles.Length, setup, geography.Source, clock.Elapsed);
    }

    /// <summary>Derives the regime sequence, the planted events and the model from the options (deterministic).</summary>
    public static SyntheticSetup Prepare(GeneratorOptions options, Geography geography)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(geography);
        DateTime chainStart = options.From.AddDays(-2);
        DateTime chainEnd = options.To.AddHours(options.LeadHours[^1]).AddDays(1);
        RegimeChain chain = RegimeChain.Generate(chainStart, chainEnd, options.Seed);
        IReadOnlyList<PlantedEvent> events = options.PlantEvents ? EventPlanner.Plan(options.Grid, geography.Fields, chain, options.From, chainEnd, options.Seed, options.WarmSpellsPerMonth) : [];
        return new SyntheticSetup(chain, events, new AtmosphereModel(options.Grid, geography.Fields, chain, events, options.Seed));
    }

    /// <summary>Computes one cycle in memory (all leads, <see cref="AtmosphereModel.Variables"/>).</summary>
    public static CycleData Compute(AtmosphereModel model, CycleId cycle, IReadOnlyList<int> leadHours, StaticFields statics)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(leadHours);
        int perLead = AtmosphereModel.Variables.Count * model.Grid.CellCount;
        var block = new float[leadHours.Count * perLead];
        for (int l = 0; l < leadHours.Count; l++)
        {
            model.Forecast(cycle, leadHours[l], block.AsSpan(l * perLead, perLead));
        }

        return new CycleData(cycle, model.Grid, leadHours, AtmosphereModel.Variables, block, statics);
    }

    /// <summary>The folder of a cycle under the output directory.</summary>
    public static string CycleFolder(string outputDirectory, CycleId cycle) => Path.Combine(outputDirectory, cycle.ToString());

    /// <summary>The file of a cycle.</summary>
    public static string CycleFile(string outputDirectory, CycleId cycle) =>
        Path.Combine(CycleFolder(outputDirectory, cycle), string.Create(CultureInfo.InvariantCulture, $"fc_{cycle}.nc"));

    private static void WriteCycle(AtmosphereModel model, CycleId cycle, GeneratorOptions options, StaticFields statics)
    {
        CycleData data = Compute(model, cycle, options.LeadHours, statics);
        string folder = CycleFolder(options.OutputDirectory, cycle);
        Directory.CreateDirectory(folder);
        NetCdfCycleWriter.Write(data, CycleFile(options.OutputDirectory, cycle), deflateLevel: 1,
            history: string.Create(CultureInfo.InvariantCulture, $"v2vmonitor generate: synthetic atmosphere, seed {options.Seed}"));
        File.WriteAllText(Path.Combine(folder, Marker), "");
    }
}
