using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Products;
using Monitor.Core.Regimes;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// What the service loads once at start-up and keeps: the transfer models with their explainers, the percentile
/// climatology, the regime model with its state map and history. Loading fails early with the file named, so a bad
/// configuration stops the service at start rather than failing every cycle.
/// </summary>
public sealed class MonitorResources : IDisposable
{
    private PercentileClimatology? _climatology;

    private MonitorResources(IReadOnlyList<MonitoredModel> models, PercentileClimatology? climatology, RegimeModel? regimes, RegimeMap? map,
        RegimeHistory? history)
    {
        Models = models;
        _climatology = climatology;
        Regimes = regimes;
        Map = map;
        History = history;
    }

    /// <summary>The transfer models, in configuration order.</summary>
    public IReadOnlyList<MonitoredModel> Models { get; }

    /// <summary>The percentile climatology, or null (no extremes are detected then).</summary>
    public PercentileClimatology? Climatology => Volatile.Read(ref _climatology);

    /// <summary>The regime model, or null (no regimes then).</summary>
    public RegimeModel? Regimes { get; }

    /// <summary>The regime model's t-SNE state map, or null.</summary>
    public RegimeMap? Map { get; }

    /// <summary>The regime history (for the map and analogues), or null.</summary>
    public RegimeHistory? History { get; }

    /// <summary>Loads the resources from their directories.</summary>
    /// <param name="modelDirectories">Transfer model directories (model.json + weights); a <c>relevance-patterns.json</c> beside them is used when present.</param>
    /// <param name="climatologyDirectory">Percentile climatology directory, or null.</param>
    /// <param name="regimeDirectory">Regime model directory, or null.</param>
    /// <param name="composite">The LRP composite for every model.</param>
    /// <param name="disagreementFactor">k of the disagreement threshold.</param>
    /// <param name="relevanceClimatologyDirectory">Directory of the models' relevance climatologies (<c>relevance_climatology_{model}.nc</c>), or null for no anomaly scores.</param>
    /// <param name="relevanceOptions">How the relevance climatologies score and update; null for the defaults.</param>
    /// <param name="device">Where the models run (<see cref="ComputeDevice"/>); null for the CPU.</param>
    /// <exception cref="FileNotFoundException">A model, climatology or regime file is missing (named).</exception>
    /// <exception cref="Formats.DataFileException">A model's relevance climatology is missing or unreadable (named, with the command that builds it).</exception>
    /// <exception cref="DirectoryNotFoundException">A configured directory does not exist (named).</exception>
    public static MonitorResources Load(IReadOnlyList<string> modelDirectories, string? climatologyDirectory, string? regimeDirectory,
        Composite composite, double disagreementFactor, string? relevanceClimatologyDirectory = null, RelevanceClimatologyOptions? relevanceOptions = null,
        ComputeDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectories);
        var models = new List<MonitoredModel>();
        PercentileClimatology? climatology = null;
        try
        {
            foreach (string directory in modelDirectories)
            {
                RelevancePatternModel? patterns = File.Exists(Path.Combine(directory, RelevancePatternFile.FileName))
                    ? RelevancePatternFile.Load(directory)
                    : null;
                var model = TransferModel.Load(directory, device ?? ComputeDevice.Cpu);
                try
                {
                    (RelevanceClimatology? relevance, string? path) = LoadRelevanceClimatology(relevanceClimatologyDirectory, model.Spec, directory, relevanceOptions);
                    models.Add(new MonitoredModel(model, composite, patterns, disagreementFactor, relevance, path));
                }
                catch
                {
                    model.Dispose();
                    throw;
                }
            }

            climatology = climatologyDirectory is null ? null : ClimatologyFiles.Open(climatologyDirectory);
            RegimeModel? regimes = regimeDirectory is null ? null : RegimeModelStore.Load(regimeDirectory);
            RegimeMap? map = regimeDirectory is null ? null : RegimeMap.Load(regimeDirectory);
            RegimeHistory? history = regimes is null ? null
                : CsvRegimeHistoryStore.For(regimeDirectory!, regimes.Info).Read(DateTime.MinValue, DateTime.MaxValue);
            return new MonitorResources(models, climatology, regimes, map, history);
        }
        catch
        {
            climatology?.Dispose();
            models.ForEach(m => m.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Opens the climatology in <paramref name="directory"/> again (after an update) and uses it from now on. The
    /// caller makes sure no cycle is being processed with the old one (the service holds its cycle gate).
    /// </summary>
    public void ReloadClimatology(string directory)
    {
        PercentileClimatology fresh = ClimatologyFiles.Open(directory);
        Interlocked.Exchange(ref _climatology, fresh)?.Dispose();
    }

    /// <summary>Writes every model's relevance climatology back to its file (after a cycle was added).</summary>
    public void SaveRelevanceClimatologies()
    {
        foreach (MonitoredModel model in Models)
        {
            if (model is { RelevanceClimatology: { } climatology, RelevanceClimatologyPath: { } path })
            {
                lock (climatology)
                {
                    RelevanceClimatologyFile.Save(climatology, path);
                }
            }
        }
    }

    private static (RelevanceClimatology? Climatology, string? Path) LoadRelevanceClimatology(string? directory, ModelSpec spec, string modelDirectory,
        RelevanceClimatologyOptions? options)
    {
        if (directory is null)
        {
            return (null, null);
        }

        string path = Path.Combine(directory, RelevanceClimatologyFile.FileName(spec.Name));
        if (!File.Exists(path))
        {
            throw new Formats.DataFileException(path, null,
                $"model {spec.Name} has no relevance climatology; build it with 'v2vmonitor climatology relevance --model {modelDirectory} --archive ARCHIVE "
                + $"--climatology CLIMATOLOGY --out {directory}' (the same reference state and composite as the service), or leave Monitor:RelevanceClimatology empty.");
        }

        RelevanceClimatology climatology = RelevanceClimatologyFile.Load(path, options ?? new RelevanceClimatologyOptions());
        if (climatology.Info.Model != spec.Name || !climatology.Info.Inputs.SequenceEqual(spec.Inputs) || !climatology.Info.Locations.Grid.Matches(spec.Grid))
        {
            throw new Formats.DataFileException(path, null,
                $"the relevance climatology is of model {climatology.Info.Model} with inputs {string.Join(",", climatology.Info.Inputs)} on {climatology.Info.Locations.Grid}, "
                + $"not of {spec.Name} with {string.Join(",", spec.Inputs)} on {spec.Grid}.");
        }

        return (climatology, path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (MonitoredModel model in Models)
        {
            model.Dispose();
        }

        _climatology?.Dispose();
    }
}
