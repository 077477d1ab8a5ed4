namespace Monitor.Core.Formats.Csv;

/// <summary>A numeric CSV matrix is malformed; names the file, the line (1-based) and, where one is at fault, the column (1-based).</summary>
public sealed class MatrixCsvException(string filePath, int line, int? column, string message)
    : DataFileException(filePath, null, column is null ? $"line {line}: {message}" : $"line {line}, column {column}: {message}")
{
    /// <summary>1-based line of the problem.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column of the problem, when one cell is at fault.</summary>
    public int? Column { get; } = column;
}
