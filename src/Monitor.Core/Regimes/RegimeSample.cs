using Monitor.Core.Grids;

namespace Monitor.Core.Regimes;

/// <summary>The states a regime model is fitted on: one domain field per valid time.</summary>
/// <param name="Variable">Variable name, e.g. <c>z500</c>.</param>
/// <param name="Units">Units of the fields.</param>
/// <param name="Domain">The domain box.</param>
/// <param name="SourceGrid">The grid the fields were cut from.</param>
/// <param name="Grid">The domain's sub-grid (the fields' grid).</param>
/// <param name="Times">Valid times (UTC), increasing.</param>
/// <param name="Fields">One field per time <c>[lat, lon]</c> on <paramref name="Grid"/>.</param>
public sealed record RegimeSample(string Variable, string Units, RegimeDomain Domain, GridSpec SourceGrid, GridSpec Grid,
    IReadOnlyList<DateTime> Times, IReadOnlyList<float[]> Fields)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad state (time order, size, non-finite value).</summary>
    public void Validate()
    {
        if (Times.Count != Fields.Count)
        {
            throw new ArgumentException($"{Times.Count} times but {Fields.Count} fields.");
        }

        for (int s = 0; s < Times.Count; s++)
        {
            if (s > 0 && Times[s] <= Times[s - 1])
            {
                throw new ArgumentException($"States must be in increasing time order: {Times[s]:yyyy-MM-ddTHH} follows {Times[s - 1]:yyyy-MM-ddTHH}.");
            }

            if (Fields[s].Length != Grid.CellCount)
            {
                throw new ArgumentException($"{Variable} at {Times[s]:yyyy-MM-ddTHH} has {Fields[s].Length} cells, the domain {Grid.CellCount}.");
            }

            int bad = Array.FindIndex(Fields[s], v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"{Variable} at {Times[s]:yyyy-MM-ddTHH} holds a missing or non-finite value in domain cell {bad}.");
            }
        }
    }
}
