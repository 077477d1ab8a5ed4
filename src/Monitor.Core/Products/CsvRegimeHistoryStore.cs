using System.Globalization;
using System.Text;
using Monitor.Core.Formats;
using Monitor.Core.Regimes;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary>
/// A regime history as CSV (<c>history.csv</c> beside the model): a header
/// <c>valid_time,label,name,cluster,index_R1…index_Rk,pc1…pcM</c>, then one row per state (valid time ISO 8601 UTC,
/// regime id or <c>none</c>, the regime's name, the nearest cluster id, indices in standard deviations, principal
/// components in EOF-space units). Regime ids and names come from the header and rows; ids must match the model's.
/// </summary>
public sealed class CsvRegimeHistoryStore : IRegimeHistoryStore
{
    /// <summary>File name beside the model.</summary>
    public const string FileName = "history.csv";

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    private readonly IReadOnlyList<string> _ids;
    private readonly IReadOnlyList<string> _names;

    /// <summary>A store at <paramref name="path"/> for the regimes <paramref name="ids"/> named <paramref name="names"/>.</summary>
    public CsvRegimeHistoryStore(string path, IReadOnlyList<string> ids, IReadOnlyList<string> names)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _ids = ids ?? throw new ArgumentNullException(nameof(ids));
        _names = names ?? throw new ArgumentNullException(nameof(names));
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>The store of a model directory.</summary>
    public static CsvRegimeHistoryStore For(string modelDirectory, RegimeModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new CsvRegimeHistoryStore(System.IO.Path.Combine(modelDirectory, FileName), info.RegimeIds, info.RegimeNames);
    }

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="DataFileException">A malformed header or row (line number named).</exception>
    public RegimeHistory Read(DateTime first, DateTime last)
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"Regime history {Path} not found (written by `v2vmonitor regimes fit`).", Path);
        }

        var entries = new List<RegimeHistoryEntry>();
        using var reader = new StreamReader(Path);
        string header = reader.ReadLine() ?? throw new DataFileException(Path, null, "empty file, expected a header.");
        string[] columns = header.Split(',');
        int k = _ids.Count;
        if (columns.Length < 4 + k || columns[0] != "valid_time" || columns[1] != "label" ||
            !_ids.Select((id, r) => columns[4 + r] == "index_" + id).All(ok => ok))
        {
            throw new DataFileException(Path, null, $"header '{header}' does not match the model's regimes {string.Join(",", _ids)}.");
        }

        int modes = columns.Length - 4 - k;
        int line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            string[] cells = text.Split(',');
            if (cells.Length != columns.Length ||
                !DateTime.TryParseExact(cells[0], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time))
            {
                throw new DataFileException(Path, null, $"line {line} is malformed: '{text}'.");
            }

            if (time < first || time > last)
            {
                continue;
            }

            var numbers = new double[k + modes];
            for (int i = 0; i < numbers.Length; i++)
            {
                if (!double.TryParse(cells[4 + i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
                {
                    throw new DataFileException(Path, columns[4 + i], $"line {line}: '{cells[4 + i]}' is not a number.");
                }
            }

            int cluster = RegimeHistory.IndexOf(_ids, cells[3]);
            entries.Add(new RegimeHistoryEntry(time, cells[1], cluster, numbers[..k], numbers[k..]));
        }

        return new RegimeHistory(_ids, _names, entries);
    }

    /// <inheritdoc />
    public void Write(RegimeHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var c = CultureInfo.InvariantCulture;
        int modes = history.Entries.Count == 0 ? 0 : history.Entries[0].Pcs.Length;
        var text = new StringBuilder();
        text.Append("valid_time,label,name,cluster");
        foreach (string id in _ids)
        {
            text.Append(",index_").Append(id);
        }

        for (int m = 1; m <= modes; m++)
        {
            text.Append(c, $",pc{m}");
        }

        text.Append('\n');
        foreach (RegimeHistoryEntry e in history.Entries)
        {
            text.Append(e.Time.ToString(TimeFormat, c)).Append(',').Append(e.Label).Append(',')
                .Append(history.NameOf(e.Label)).Append(',').Append(e.Cluster >= 0 ? _ids[e.Cluster] : RegimeHistory.NoRegime);
            foreach (double v in e.Indices)
            {
                text.Append(',').Append(v.ToString("R", c));
            }

            foreach (double v in e.Pcs)
            {
                text.Append(',').Append(v.ToString("R", c));
            }

            text.Append('\n');
        }

        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.WriteAllText(Path, text.ToString());
    }
}
