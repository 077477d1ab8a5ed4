using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Support;

/// <summary>Small deterministic cycles for tests: value = f(lead, variable, row, column), with one NaN per field.</summary>
internal static class SampleCycles
{
    public static readonly GridSpec Grid = new(60, 10, 4, -20, 10, 5);

    public static float Value(int lead, int variable, int row, int column) => (1000 * variable) + (10 * lead) + row + (0.1f * column);

    public static CycleData Create(CycleId cycle, IReadOnlyList<int> leads, IReadOnlyList<VariableId> variables, bool withStatics = false,
        GridSpec? grid = null)
    {
        grid ??= Grid;
        int cells = grid.CellCount;
        var values = new float[leads.Count * variables.Count * cells];
        for (int l = 0; l < leads.Count; l++)
        {
            for (int v = 0; v < variables.Count; v++)
            {
                for (int r = 0; r < grid.LatitudeCount; r++)
                {
                    for (int c = 0; c < grid.LongitudeCount; c++)
                    {
                        values[(((l * variables.Count) + v) * cells) + (r * grid.LongitudeCount) + c] =
                            r == 1 && c == 1 ? float.NaN : Value(leads[l], v, r, c);
                    }
                }
            }
        }

        StaticFields? statics = withStatics
            ? new StaticFields(grid, Enumerable.Range(0, cells).Select(i => 100f * i).ToArray(), Enumerable.Range(0, cells).Select(i => (float)(i % 2)).ToArray())
            : null;
        return new CycleData(cycle, grid, leads, variables, values, statics);
    }
}
