namespace Monitor.Core.Grids;

/// <summary>
/// One forecast cycle on one grid: a float32 block <c>[lead, variable, lat, lon]</c> (rows north → south, NaN where
/// missing), with the lead times and variables that index it, and optional static fields.
/// </summary>
public sealed class CycleData
{
    private readonly float[] _values;

    /// <summary>Creates a cycle block; throws <see cref="ArgumentException"/> when the shapes disagree.</summary>
    /// <param name="cycle">The cycle (init time).</param>
    /// <param name="grid">The grid of every field.</param>
    /// <param name="leadHours">Lead times (h), strictly increasing.</param>
    /// <param name="variables">Variables, distinct, in block order.</param>
    /// <param name="values">The block, length leads × variables × cells; owned by this instance afterwards.</param>
    /// <param name="statics">Orography and land–sea mask on the same grid, when known.</param>
    public CycleData(CycleId cycle, GridSpec grid, IReadOnlyList<int> leadHours, IReadOnlyList<VariableId> variables,
        float[] values, StaticFields? statics = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(leadHours);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(values);
        for (int i = 1; i < leadHours.Count; i++)
        {
            if (leadHours[i] <= leadHours[i - 1])
            {
                throw new ArgumentException($"Cycle {cycle}: lead times must increase, got {string.Join(",", leadHours)}.");
            }
        }

        if (variables.Distinct().Count() != variables.Count)
        {
            throw new ArgumentException($"Cycle {cycle}: variables repeat: {string.Join(",", variables)}.");
        }

        long expected = (long)leadHours.Count * variables.Count * grid.CellCount;
        if (values.LongLength != expected)
        {
            throw new ArgumentException(
                $"Cycle {cycle}: block has {values.LongLength} values, [{leadHours.Count} leads, {variables.Count} variables, " +
                $"{grid.LatitudeCount}×{grid.LongitudeCount}] needs {expected}.");
        }

        if (statics is not null && !statics.Grid.Matches(grid))
        {
            throw new ArgumentException($"Cycle {cycle}: static fields are on {statics.Grid}, the cycle on {grid}.");
        }

        Cycle = cycle;
        Grid = grid;
        LeadHours = leadHours.ToArray();
        Variables = variables.ToArray();
        Statics = statics;
        _values = values;
    }

    /// <summary>The cycle (init time).</summary>
    public CycleId Cycle { get; }

    /// <summary>The grid of every field.</summary>
    public GridSpec Grid { get; }

    /// <summary>Lead times (h), increasing.</summary>
    public IReadOnlyList<int> LeadHours { get; }

    /// <summary>Variables in block order.</summary>
    public IReadOnlyList<VariableId> Variables { get; }

    /// <summary>Orography and land–sea mask, when known.</summary>
    public StaticFields? Statics { get; }

    /// <summary>The whole block <c>[lead, variable, lat, lon]</c>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Valid times (UTC) per lead.</summary>
    public IReadOnlyList<DateTime> ValidTimes => LeadHours.Select(Cycle.ValidTime).ToArray();

    /// <summary>Index of a variable in the block; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public int IndexOf(VariableId variable)
    {
        for (int i = 0; i < Variables.Count; i++)
        {
            if (Variables[i] == variable)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"Cycle {Cycle} has no variable '{variable}' (has {string.Join(", ", Variables)}).");
    }

    /// <summary>Index of a lead time; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public int IndexOfLead(int leadHours)
    {
        for (int i = 0; i < LeadHours.Count; i++)
        {
            if (LeadHours[i] == leadHours)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"Cycle {Cycle} has no lead +{leadHours} h (has {string.Join(", ", LeadHours)}).");
    }

    /// <summary>One field <c>[lat, lon]</c> by lead index and variable index.</summary>
    public ReadOnlySpan<float> Field(int leadIndex, int variableIndex) =>
        _values.AsSpan(((leadIndex * Variables.Count) + variableIndex) * Grid.CellCount, Grid.CellCount);

    /// <summary>One field as a standalone <see cref="GriddedField"/> (copied).</summary>
    public GriddedField ToField(int leadIndex, int variableIndex, string units) =>
        new(Variables[variableIndex], Grid, units, Cycle.ValidTime(LeadHours[leadIndex]), Field(leadIndex, variableIndex).ToArray());
}
