namespace Monitor.Service.Plotting;

/// <summary>
/// A corner of the cell lattice: corner (r, c) is the north-west corner of cell (r, c), so corners run
/// 0…rows and 0…columns.
/// </summary>
/// <param name="Row">Corner row, 0 = the northern edge of the grid.</param>
/// <param name="Column">Corner column, 0 = the western edge of the grid.</param>
internal readonly record struct GridCorner(int Row, int Column);
