using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Products;
using Monitor.Core.Regimes;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Patterns;
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
    /// <exception cref="FileNotFoundException">A model, climatology or regime file is missing (named).</exception>
    /// <exception cref="DirectoryNotFoundException">A configured directory does not exist (named).</exception>
    public static MonitorResources Load(IReadOnlyList<string> modelDirectories, string? climatologyDirectory, string? regimeDirectory,
        Composite composite, double disagreementFactor)
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
                models.Add(new MonitoredModel(TransferModel.Load(directory), composite, patterns, disagreementFactor));
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
