using Monitor.Core.Extremes.Regions;

namespace Monitor.Core.Monitoring;

/// <summary>What <see cref="CycleProcessor"/> looks for and explains in each cycle.</summary>
public sealed record CycleProcessorOptions
{
    /// <summary>Extreme kinds to detect (those whose variable the climatology or the cycle lacks are left out, with a note).</summary>
    public IReadOnlyList<ExtremeKind> ExtremeKinds { get; init; } = ExtremeKind.Defaults;

    /// <summary>Minimum area and merge distance of extreme and disagreement regions.</summary>
    public RegionOptions Regions { get; init; } = new();

    /// <summary>Regions explained at every lead.</summary>
    public IReadOnlyList<WatchRegion> WatchRegions { get; init; } = [];

    /// <summary>Explanations computed together on one kept forward pass (K).</summary>
    public int ExplanationBatch { get; init; } = 16;

    /// <summary>At most this many extreme and disagreement regions explained per model and lead, largest first (watch regions come on top).</summary>
    public int MaxRegionsPerLead { get; init; } = 20;

    /// <summary>k: a cell disagrees where |prediction − forecast| &gt; k × the model's validation RMSE.</summary>
    public double DisagreementFactor { get; init; } = 3;

    /// <summary>
    /// The state explanations are measured from: <see cref="ReferenceKind.Climatology"/> (the climatological mean of the
    /// valid date and hour; needs a climatology of every time-dependent input), <see cref="ReferenceKind.TrainingMean"/>
    /// or <see cref="ReferenceKind.None"/>.
    /// </summary>
    public ReferenceKind ExplanationReference { get; init; } = ReferenceKind.Climatology;

    /// <summary>Analogues reported per lead (0 for none).</summary>
    public int Analogues { get; init; } = 3;

    /// <summary>
    /// Leads (h) at which every location of a model's relevance climatology (each bin and watch region) is explained and
    /// added to it once per cycle (default 0: the analysis, as the archive bootstrap; empty = only the watch regions'
    /// own explanations at every lead are added). Costs one batched explanation per location and lead.
    /// </summary>
    public IReadOnlyCollection<int> RelevanceClimatologyLeads { get; init; } = [0];
}
