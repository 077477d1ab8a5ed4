using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// The state an explanation is measured from, x_ref: relevance then attributes ŷ(x) − ŷ(x_ref), "why does the forecast
/// differ from this?" — the climatology of that date and hour (why is today unusual?), the previous cycle's forecast for
/// the same valid time (why did the forecast change?), the cycle's own analysis, a state from a file, or the training
/// mean (standardised 0). <see cref="Data"/> holds the state's fields as a one-or-more-lead cycle block, so that the
/// model standardises and orders them exactly as it does the explained inputs; static fields are the explained
/// cycle's own (they do not differ from the reference, so they carry no relevance).
/// </summary>
/// <param name="Kind">Which reference.</param>
/// <param name="Description">What it is, for titles and files, e.g. "the climatological mean for 12 Dec 12 UTC".</param>
/// <param name="Data">The state's fields, or null for <see cref="ReferenceKind.None"/> and <see cref="ReferenceKind.TrainingMean"/>.</param>
/// <param name="LeadIndex">The lead of <paramref name="Data"/> that holds the state.</param>
public sealed record ReferenceState(ReferenceKind Kind, string Description, CycleData? Data, int LeadIndex)
{
    /// <summary>No reference: the prediction itself is explained and the biases absorb what the inputs do not carry.</summary>
    public static ReferenceState None { get; } = new(ReferenceKind.None, "0 (the prediction itself)", null, 0);

    /// <summary>Every input at its training mean (0 after standardisation).</summary>
    public static ReferenceState TrainingMean { get; } = new(ReferenceKind.TrainingMean, "the training mean of every input", null, 0);

    /// <summary>The name used on the command line and in configuration.</summary>
    public string Name => Kind switch
    {
        ReferenceKind.None => "none",
        ReferenceKind.TrainingMean => "training-mean",
        ReferenceKind.Climatology => "climatology",
        ReferenceKind.PreviousCycle => "previous",
        ReferenceKind.Analysis => "analysis",
        _ => "file",
    };

    /// <summary>
    /// The climatological mean of every time-dependent input of <paramref name="spec"/> for the valid time of lead
    /// <paramref name="leadIndex"/> of <paramref name="data"/> (the day-of-year window and hour the climatology holds
    /// nearest to it).
    /// </summary>
    /// <exception cref="CycleDataException">The climatology lacks an input, is on another grid, or has no mean at some
    /// cell for that date and hour; the message names the climatology and the variable.</exception>
    public static ReferenceState Climatology(PercentileClimatology climatology, ModelSpec spec, CycleData data, int leadIndex)
    {
        ArgumentNullException.ThrowIfNull(climatology);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        DateTime valid = data.ValidTimes[leadIndex];
        IReadOnlyList<VariableId> inputs = spec.TimeDependentInputs();
        int cells = data.Grid.CellCount;
        var values = new float[inputs.Count * cells];
        for (int v = 0; v < inputs.Count; v++)
        {
            VariableId input = inputs[v];
            if (!climatology.Variables.Contains(input))
            {
                throw new CycleDataException(climatology.Location, input.ToString(),
                    $"the climatology has no {input}, an input of model '{spec.Name}'; build it with 'v2vmonitor climatology build --variables {string.Join(",", inputs)}'.");
            }

            ClimatologyVariableInfo info = climatology.Info(input);
            if (!info.Grid.Matches(data.Grid))
            {
                throw new CycleDataException(climatology.Location, input.ToString(), $"the climatology is on {info.Grid}, cycle {data.Cycle} on {data.Grid}.");
            }

            float[] mean = climatology.Field(input, ClimateStatistic.Mean, valid);
            int missing = mean.Count(m => !float.IsFinite(m));
            if (missing > 0)
            {
                throw new CycleDataException(climatology.Location, input.ToString(),
                    string.Create(CultureInfo.InvariantCulture, $"no climatological mean at {missing} of {cells} cells for {valid:dd MMM HH} UTC (too few samples in that window)."));
            }

            mean.CopyTo(values, v * cells);
        }

        var state = new CycleData(data.Cycle, data.Grid, [data.LeadHours[leadIndex]], inputs, values, data.Statics);
        return new ReferenceState(ReferenceKind.Climatology,
            string.Create(CultureInfo.InvariantCulture, $"the climatological mean for {valid:dd MMM HH} UTC"), state, 0);
    }

    /// <summary>
    /// The forecast of an earlier cycle <paramref name="previous"/> for the valid time of lead <paramref name="leadIndex"/>
    /// of <paramref name="data"/>.
    /// </summary>
    /// <exception cref="CycleDataException">The earlier cycle has no lead valid at that time.</exception>
    public static ReferenceState PreviousCycle(CycleData previous, CycleData data, int leadIndex)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(data);
        DateTime valid = data.ValidTimes[leadIndex];
        int index = previous.ValidTimes.ToList().IndexOf(valid);
        if (index < 0)
        {
            throw new CycleDataException(previous.Cycle.ToString(), null,
                string.Create(CultureInfo.InvariantCulture, $"no lead of cycle {previous.Cycle} is valid at {valid:yyyy-MM-dd HH} UTC (leads +{string.Join(", +", previous.LeadHours)} h)."));
        }

        return new ReferenceState(ReferenceKind.PreviousCycle,
            string.Create(CultureInfo.InvariantCulture, $"cycle {previous.Cycle} at +{previous.LeadHours[index]} h (the same valid time)"), previous, index);
    }

    /// <summary>The cycle's own analysis: its lead 0.</summary>
    /// <exception cref="CycleDataException">The cycle has no lead 0.</exception>
    public static ReferenceState Analysis(CycleData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int index = data.LeadHours.ToList().IndexOf(0);
        return index >= 0
            ? new ReferenceState(ReferenceKind.Analysis, $"the analysis of cycle {data.Cycle} (+0 h)", data, index)
            : throw new CycleDataException(data.Cycle.ToString(), null, $"cycle {data.Cycle} has no analysis (+0 h) to explain against; its leads are +{string.Join(", +", data.LeadHours)} h.");
    }

    /// <summary>A state read from a file (<paramref name="state"/>: its fields at one lead, <paramref name="leadIndex"/>).</summary>
    public static ReferenceState FromFile(string path, CycleData state, int leadIndex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(state);
        return new ReferenceState(ReferenceKind.File, $"the state in {Path.GetFileName(path)}", state, leadIndex);
    }
}
