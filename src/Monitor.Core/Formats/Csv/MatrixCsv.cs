using System.Globalization;
using System.Text;
using Monitor.Core.Storage;

namespace Monitor.Core.Formats.Csv;

/// <summary>
/// A numeric matrix as comma-separated text: one row per line, an optional header line (recognised when its first
/// field is not a number), blank lines ignored, invariant culture. Every row must have the header's (or first row's)
/// number of fields, and every value must be a finite number.
/// </summary>
public static class MatrixCsv
{
    /// <summary>Reads the matrix (<c>[row, column]</c>) and the header's names (empty when there is none).</summary>
    public static (double[,] Matrix, string[] Header) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFileException(path, null, "file not found.");
        }

        var rows = new List<double[]>();
        string[] header = [];
        int width = -1, lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (rows.Count == 0 && header.Length == 0 && !IsNumber(fields[0]))
            {
                header = [.. fields.Select(f => f.Trim())];
                width = fields.Length;
                continue;
            }

            if (width < 0)
            {
                width = fields.Length;
            }
            else if (fields.Length != width)
            {
                throw new MatrixCsvException(path, lineNumber, null,
                    $"{fields.Length} values, but {(header.Length > 0 ? "the header has" : "the first row has")} {width} (ragged rows).");
            }

            var row = new double[width];
            for (int c = 0; c < width; c++)
            {
                string text = fields[c].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    throw new MatrixCsvException(path, lineNumber, c + 1, $"'{text}' is not a number.");
                }

                if (!double.IsFinite(value))
                {
                    throw new MatrixCsvException(path, lineNumber, c + 1, $"'{text}' is not finite (NaN and infinities are not allowed).");
                }

                row[c] = value;
            }

            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            throw new MatrixCsvException(path, Math.Max(lineNumber, 1), null, "no numeric rows.");
        }

        var matrix = new double[rows.Count, width];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < width; c++)
            {
                matrix[r, c] = rows[r][c];
            }
        }

        return (matrix, header);
    }

    /// <summary>Writes <paramref name="matrix"/> with a header line, values in round-trip precision; atomically (beside, then renamed).</summary>
    public static void Write(string path, double[,] matrix, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(header);
        int n = matrix.GetLength(0), d = matrix.GetLength(1);
        if (header.Count != d)
        {
            throw new ArgumentException($"header has {header.Count} names for {d} columns.", nameof(header));
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = path + AtomicFile.PartialSuffix;
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
        {
            writer.WriteLine(string.Join(',', header));
            var line = new StringBuilder();
            for (int r = 0; r < n; r++)
            {
                line.Clear();
                for (int c = 0; c < d; c++)
                {
                    line.Append(c == 0 ? string.Empty : ",").Append(matrix[r, c].ToString("R", CultureInfo.InvariantCulture));
                }

                writer.WriteLine(line);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static bool IsNumber(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
