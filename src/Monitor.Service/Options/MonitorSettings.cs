using Monitor.Core.Monitoring;

namespace Monitor.Service.Options;

/// <summary>Section <c>Monitor</c>: the models, climatology and regimes every cycle is processed with, and what is explained.</summary>
public sealed class MonitorSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Monitor";

    /// <summary>Transfer model directories (from <c>v2vmonitor train</c>); at least one.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>
    /// Where the models run: <c>cpu</c> (default), <c>cuda</c> (the first GPU) or <c>cuda:N</c>. A GPU needs the CUDA
    /// build (<c>-p:V2VTorchBackend=cuda</c>, docs/gpu.md); the service refuses to start (exit 78) when libtorch has no CUDA.
    /// </summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Percentile climatology directory (from <c>climatology build</c>); empty for no extremes.</summary>
    public string? Climatology { get; set; }

    /// <summary>
    /// The archive the climatology was built from, which keeps receiving new cycles; with it the service updates the
    /// climatology by <see cref="ClimatologyUpdateCron"/>. Empty: no update.
    /// </summary>
    public string? ClimatologyArchive { get; set; }

    /// <summary>When the climatology is updated: a Quartz cron expression in UTC (default <c>0 30 2 * * ?</c>, 02:30 every night).</summary>
    public string ClimatologyUpdateCron { get; set; } = "0 30 2 * * ?";

    /// <summary>Regime model directory (from <c>regimes fit</c>); empty for no regimes.</summary>
    public string? Regimes { get; set; }

    /// <summary>
    /// LRP composite (docs/relevance.md). Default <c>zero</c>: LRP-0 in every layer, which with the reference state is
    /// DeepLIFT's rescale rule — chosen on the selection seeds of the fidelity benchmark v2 (docs/relevance.md,
    /// "Ground-truth fidelity").
    /// </summary>
    public string Composite { get; set; } = ServiceDefaults.Composite;

    /// <summary>
    /// The state explanations are measured from: <c>climatology</c> (default; the climatological mean of the valid date
    /// and hour — <see cref="Climatology"/> must hold every time-dependent input of every model), <c>training-mean</c>,
    /// or <c>none</c> (the prediction itself, classic LRP). docs/relevance.md, "Reference states".
    /// </summary>
    public string ExplanationReference { get; set; } = "climatology";

    /// <summary>
    /// Directory of the models' relevance climatologies (<c>relevance_climatology_{model}.nc</c>, from <c>climatology
    /// relevance</c>, built with this service's <see cref="Composite"/> and <see cref="ExplanationReference"/>): every
    /// explained extreme and watch region gets an anomaly score against it, and every cycle is added to it. Empty
    /// (default): no anomaly scores. docs/alerts.md.
    /// </summary>
    public string? RelevanceClimatology { get; set; }

    /// <summary>
    /// Leads (h) at which every bin and watch region is explained to update the relevance climatology, e.g. <c>0</c>
    /// (default: the analysis, as the archive bootstrap) or <c>0,24</c>; empty: only the watch regions' own explanations.
    /// </summary>
    public List<int> RelevanceClimatologyLeads { get; set; } = [0];

    /// <summary>Explanations a relevance-climatology slot needs before it gives anomaly scores (default 20, ≥ 2).</summary>
    public int AnomalyMinimumHistory { get; set; } = 20;

    /// <summary>Extreme kinds, comma-separated (default <c>hot,cold,wind,heavy_precipitation</c>).</summary>
    public string ExtremeKinds { get; set; } = "hot,cold,wind,heavy_precipitation";

    /// <summary>Minimum extreme region area, km² (default 10 000).</summary>
    public double MinimumAreaKm2 { get; set; } = 10_000;

    /// <summary>Extreme fragments closer than this are one region, km (default 100).</summary>
    public double MergeDistanceKm { get; set; } = 100;

    /// <summary>
    /// Cells of an extreme region must also have a shift-of-tails index (x − p99)/(p99 − p90) of at least this (default 0:
    /// no such condition; 1 keeps only cells beyond the 99th percentile by a whole 90–99 tail width). docs/extremes.md.
    /// </summary>
    public double MinimumShiftOfTails { get; set; }

    /// <summary>Regions explained at every lead.</summary>
    public List<WatchRegion> WatchRegions { get; set; } = [];

    /// <summary>Explanations computed together on one forward pass (K; default 16, 1…256).</summary>
    public int ExplanationBatch { get; set; } = 16;

    /// <summary>Extreme and disagreement regions explained per model and lead, largest first (default 20, 0…1000).</summary>
    public int MaxRegionsPerLead { get; set; } = 20;

    /// <summary>k: a cell disagrees where |prediction − forecast| &gt; k × the model's validation RMSE (default 3, &gt; 0).</summary>
    public double DisagreementFactor { get; set; } = 3;

    /// <summary>Analogues per lead (default 3, 0…50).</summary>
    public int Analogues { get; set; } = 3;

    /// <summary>Attempts per cycle for transient failures (default 3, 1…20).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Seconds before the second attempt; doubled for each further one (default 60, 1…86400).</summary>
    public int RetryDelaySeconds { get; set; } = 60;
}
