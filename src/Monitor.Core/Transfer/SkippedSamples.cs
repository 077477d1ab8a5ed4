using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Transfer;

/// <summary>
/// The samples a pass over an archive (standardisation, training, baselines, evaluation) left out because their data
/// are missing: how many, and the first <see cref="Listed"/> with the reason. A sample is left out when a variable it
/// needs is absent at its time or holds no valid value there (a time step entirely missing,
/// <see cref="CycleArchives.IsMissingData"/>); any other read error (unreadable file, another grid, a level-less file
/// asked for a level) still stops the pass.
/// </summary>
public sealed class SkippedSamples
{
    /// <summary>How many skipped samples are listed with their reason.</summary>
    public const int Listed = 5;

    private readonly List<SkippedSample> _first = [];

    /// <summary>Samples skipped.</summary>
    public int Count { get; private set; }

    /// <summary>The first <see cref="Listed"/> samples skipped, in the order met.</summary>
    public IReadOnlyList<SkippedSample> First => _first;

    /// <summary>Records a skipped sample.</summary>
    public void Add(SkippedSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Count++;
        if (_first.Count < Listed)
        {
            _first.Add(sample);
        }
    }

    /// <summary>
    /// Reads <paramref name="variables"/> of <paramref name="cycle"/>, or records it as skipped and returns null when a
    /// variable is absent at some lead or entirely missing at one. A cycle is read whole, so such a cycle is skipped with
    /// every lead in <paramref name="leads"/> (one entry each), or as one entry for the whole cycle when
    /// <paramref name="leads"/> is null; for a manifest archive a cycle is one time step.
    /// </summary>
    public CycleData? Read(ICycleArchive archive, CycleId cycle, IReadOnlyList<VariableId> variables, IReadOnlyList<int>? leads)
    {
        ArgumentNullException.ThrowIfNull(archive);
        try
        {
            return archive.Read(cycle, variables);
        }
        catch (Exception ex) when (CycleArchives.IsMissingData(ex))
        {
            foreach (int? lead in leads?.Select(l => (int?)l) ?? [null])
            {
                Add(new SkippedSample(cycle, lead, ex.Message.TrimEnd('.')));
            }

            return null;
        }
    }

    /// <summary>"N sample(s) skipped for missing data, first: …", or null when none was.</summary>
    public string? Describe() => Count == 0
        ? null
        : $"{Count} sample(s) skipped for missing data; first: {string.Join("; ", _first)}{(Count > _first.Count ? "; …" : "")}";
}
