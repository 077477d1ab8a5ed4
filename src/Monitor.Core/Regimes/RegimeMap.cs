using System.Globalization;
using System.Text.Json;
using System.Text;
using Monitor.Core.Regimes.Embedding;
using Monitor.Core.Storage;

namespace Monitor.Core.Regimes;

/// <summary>
/// The 2-D t-SNE map of the archive's states in EOF space (the principal components of the regime history), where a
/// new cycle's leads are placed beside the past states and their regimes (science.md §4; docs/regimes.md, "The
/// state map"). Saved beside the model as <c>map.csv</c> (valid_time, x, y, label) and <c>map.json</c> (how it was
/// made and its quality: exact KL divergence and trustworthiness T(10)).
/// </summary>
/// <param name="Times">Valid time of every mapped state, as in the history.</param>
/// <param name="Coordinates">Map position <c>[state, 2]</c>.</param>
/// <param name="Labels">Regime label of every state (from the history).</param>
/// <param name="Perplexity">Perplexity used (the requested one, lowered for short archives).</param>
/// <param name="Seed">Seed of the embedding.</param>
/// <param name="KlDivergence">Exact KL(P‖Q) of the map, nats.</param>
/// <param name="Trustworthiness">T(10) of the map against the states (Venna and Kaski 2001).</param>
public sealed record RegimeMap(
    IReadOnlyList<DateTime> Times,
    double[,] Coordinates,
    IReadOnlyList<string> Labels,
    double Perplexity,
    long Seed,
    double KlDivergence,
    double Trustworthiness)
{
    /// <summary>Coordinates file beside the model.</summary>
    public const string FileName = "map.csv";

    /// <summary>Settings and quality file beside the model.</summary>
    public const string InfoFileName = "map.json";

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>
    /// Maps every state of <paramref name="history"/> with t-SNE (<paramref name="options"/>; a perplexity too large for
    /// the archive is lowered to (N − 2)/3 so that short archives still get a map).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 25 states: too few for a map with T(10).</exception>
    public static RegimeMap Fit(RegimeHistory history, TsneOptions options)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        int n = history.Entries.Count;
        if (n < 25)
        {
            throw new ArgumentException($"A state map needs at least 25 states; the history has {n}.", nameof(history));
        }

        TsneOptions used = options with { Perplexity = Math.Min(options.Perplexity, (n - 2) / 3.0) };
        TsneEmbedding embedding = TsneEmbedder.Embed(States(history), used);
        return new RegimeMap([.. history.Entries.Select(e => e.Time)], embedding.Coordinates, [.. history.Entries.Select(e => e.Label)],
            used.Perplexity, used.Seed, embedding.KlDivergence, embedding.Trustworthiness);
    }

    /// <summary>
    /// Positions of new states (their principal components) on the map, with the mapped states fixed
    /// (<see cref="TsnePlacer"/>). <paramref name="history"/> must be the one the map was made from.
    /// </summary>
    public double[,] Place(RegimeHistory history, IReadOnlyList<double[]> pcs)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(pcs);
        if (history.Entries.Count != Times.Count || history.Entries.Select(e => e.Time).Where((t, i) => t != Times[i]).Any())
        {
            throw new ArgumentException($"The state map ({Times.Count} states) was not made from this history ({history.Entries.Count} states): refit the regimes.");
        }

        return TsnePlacer.Place(States(history), Coordinates, Matrix(pcs));
    }

    /// <summary>Writes <see cref="FileName"/> and <see cref="InfoFileName"/> into <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("valid_time,x,y,label\n");
        for (int i = 0; i < Times.Count; i++)
        {
            csv.Append(c, $"{Times[i].ToString(TimeFormat, c)},{Coordinates[i, 0]:R},{Coordinates[i, 1]:R},{Labels[i]}\n");
        }

        var info = new MapInfo(Times.Count, Perplexity, Seed, KlDivergence, Trustworthiness);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(directory, InfoFileName), JsonSerializer.Serialize(info, s_json));
    }

    /// <summary>The map saved in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The files are there but malformed (the file and line are named).</exception>
    public static RegimeMap? Load(string directory)
    {
        string csvPath = Path.Combine(directory, FileName), infoPath = Path.Combine(directory, InfoFileName);
        if (!File.Exists(csvPath) || !File.Exists(infoPath))
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        MapInfo info;
        try
        {
            info = JsonSerializer.Deserialize<MapInfo>(File.ReadAllText(infoPath)) ?? throw new InvalidDataException($"{infoPath} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{infoPath} is not a state-map description: {ex.Message}", ex);
        }

        string[] lines = File.ReadAllLines(csvPath);
        if (lines.Length < 2)
        {
            throw new InvalidDataException($"{csvPath} holds no mapped state.");
        }

        var times = new List<DateTime>();
        var labels = new List<string>();
        var coordinates = new double[lines.Length - 1, 2];
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length != 4
                || !DateTime.TryParseExact(fields[0], TimeFormat, c, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
                || !double.TryParse(fields[1], NumberStyles.Float, c, out coordinates[i - 1, 0])
                || !double.TryParse(fields[2], NumberStyles.Float, c, out coordinates[i - 1, 1]))
            {
                throw new InvalidDataException($"{csvPath} line {i + 1}: expected valid_time,x,y,label; got '{lines[i]}'.");
            }

            times.Add(time);
            labels.Add(fields[3]);
        }

        return new RegimeMap(times, coordinates, labels, info.Perplexity, info.Seed, info.KlDivergence, info.Trustworthiness);
    }

    private static double[,] States(RegimeHistory history) => Matrix([.. history.Entries.Select(e => e.Pcs)]);

    /// <summary>Rows of equal length as a matrix <c>[row, column]</c>.</summary>
    private static double[,] Matrix(IReadOnlyList<double[]> rows)
    {
        var matrix = new double[rows.Count, rows.Count == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < matrix.GetLength(1); j++)
            {
                matrix[i, j] = rows[i][j];
            }
        }

        return matrix;
    }

    private sealed record MapInfo(int States, double Perplexity, long Seed, double KlDivergence, double Trustworthiness);
}
