using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Regimes;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary>
/// Saves and loads a <see cref="RegimeModel"/> as a directory: <c>model.json</c> (metadata, options, regime ids and
/// names, explained variance, centroids in EOF space, index statistics) and <c>model.nc</c> (CF-1.8 netCDF-4 with the
/// climatology coefficients, EOFs and regime patterns on the domain's latitude/longitude).
/// </summary>
public static class RegimeModelStore
{
    /// <summary>Metadata file name.</summary>
    public const string JsonFile = "model.json";

    /// <summary>Fields file name.</summary>
    public const string NetCdfFileName = "model.nc";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the model into <paramref name="directory"/> (created if needed; files replaced atomically).</summary>
    public static void Save(RegimeModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        var document = new Document(model.Info, model.Grid, model.Eofs.Eigenvalues, model.Eofs.TotalVariance,
            model.Eofs.ExplainedVariance(), model.Centroids, model.IndexMean, model.IndexStd, model.Climatology.Harmonics);
        string json = Path.Combine(directory, JsonFile), nc = Path.Combine(directory, NetCdfFileName);
        AtomicFile.Replace(nc, partial => WriteNetCdf(model, partial));
        AtomicFile.WriteAllText(json, JsonSerializer.Serialize(document, s_json));
    }

    /// <summary>Loads a model directory.</summary>
    /// <exception cref="FileNotFoundException">A model file is missing (named).</exception>
    /// <exception cref="DataFileException">A file is unreadable or inconsistent (file and variable named).</exception>
    public static RegimeModel Load(string directory)
    {
        string json = Path.Combine(directory, JsonFile), nc = Path.Combine(directory, NetCdfFileName);
        foreach (string required in new[] { json, nc })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException($"Regime model file {required} not found (fit one with `v2vmonitor regimes fit`).", required);
            }
        }

        Document document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllText(json), s_json)
                ?? throw new DataFileException(json, null, "empty regime model.");
        }
        catch (JsonException ex)
        {
            throw new DataFileException(json, null, $"not a regime model: {ex.Message}", ex);
        }

        int cells = document.Grid.CellCount, k = document.Info.RegimeIds.Count, modes = document.Eigenvalues.Length;
        using NetCdfFile file = NetCdfFile.Open(nc);
        double[][] climatology = ReadRows(file, "climatology", (2 * document.Harmonics) + 1, cells);
        double[][] eofs = ReadRows(file, "eof", modes, cells);
        double[][] patterns = ReadRows(file, "regime_pattern", k, cells);
        try
        {
            return new RegimeModel(document.Info, document.Grid, new HarmonicClimatology(document.Harmonics, climatology),
                new EofResult(eofs, document.Eigenvalues, document.TotalVariance), document.Centroids, patterns,
                document.IndexMean, document.IndexStd);
        }
        catch (ArgumentException ex)
        {
            throw new DataFileException(json, null, ex.Message, ex);
        }
    }

    private static double[][] ReadRows(NetCdfFile file, string name, int rows, int cells)
    {
        NetCdfVariable variable = file.Variable(name);
        double[] values = file.ReadAllDouble(variable);
        if (values.Length != (long)rows * cells)
        {
            throw new DataFileException(file.FilePath, name, $"holds {values.Length} values, the model needs {rows}×{cells}.");
        }

        return [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * cells, cells).ToArray())];
    }

    private static void WriteNetCdf(RegimeModel model, string path)
    {
        var c = CultureInfo.InvariantCulture;
        RegimeModelInfo info = model.Info;
        GridSpec grid = model.Grid;
        using NetCdfFile file = NetCdfFile.CreateNetcdf4(path);
        file.PutAttribute(null, "Conventions", "CF-1.8");
        file.PutAttribute(null, "title", $"Weather regimes of {info.Variable} over {info.Domain}");
        file.PutAttribute(null, "source", "V2V Monitor regimes fit");
        file.PutAttribute(null, "history", $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", c)} written by v2vmonitor regimes fit");
        file.PutAttribute(null, "references", "Grams et al. 2017, Nature Climate Change 7, 557-562; Michel and Riviere 2011, J. Atmos. Sci. 68, 1730-1748");
        file.PutAttribute(null, "fit_period", $"{info.FitFrom:yyyy-MM-ddTHH:mm:ssZ}/{info.FitTo:yyyy-MM-ddTHH:mm:ssZ}");
        file.PutAttribute(null, "regime_ids", string.Join(",", info.RegimeIds));
        file.PutAttribute(null, "regime_names", string.Join(",", info.RegimeNames));
        NetCdfDimension term = file.DefineDimension("harmonic_term", model.Climatology.Coefficients.Length);
        NetCdfDimension mode = file.DefineDimension("mode", model.Eofs.Modes);
        NetCdfDimension regime = file.DefineDimension("regime", model.RegimeCount);
        var axes = CfGridAxes.Define(file, grid);
        NetCdfDimension lat = axes.Latitude, lon = axes.Longitude;
        NetCdfVariable clim = Define(file, "climatology", [term, lat, lon], "",
            $"harmonic day-of-year climatology of {info.Variable}: coefficients of 1, cos(h theta), sin(h theta), theta = 2 pi (t - 2000-01-01) / 365.2425 d", info.Units);
        NetCdfVariable eof = Define(file, "eof", [mode, lat, lon], "",
            $"EOFs of sqrt(cos(latitude))-weighted {info.Variable} anomalies (unit norm)", "1");
        file.PutAttribute(eof, "explained_variance", NetCdfType.Double, model.Eofs.ExplainedVariance());
        NetCdfVariable pattern = Define(file, "regime_pattern", [regime, lat, lon], "",
            $"regime pattern: composite {info.Variable} anomaly of each regime's k-means cluster", info.Units);
        file.EndDefine();
        axes.Write(file, grid);
        Write(file, clim, model.Climatology.Coefficients, grid);
        Write(file, eof, model.Eofs.Patterns, grid);
        Write(file, pattern, model.Patterns, grid);
    }

    private static NetCdfVariable Define(NetCdfFile file, string name, NetCdfDimension[] dims, string standardName, string longName, string units)
    {
        NetCdfVariable v = file.DefineVariable(name, NetCdfType.Double, dims, dims.Length > 1 ? 4 : 0);
        if (standardName.Length > 0)
        {
            file.PutAttribute(v, "standard_name", standardName);
        }

        file.PutAttribute(v, "long_name", longName);
        file.PutAttribute(v, "units", units);
        return v;
    }

    private static void Write(NetCdfFile file, NetCdfVariable variable, double[][] rows, GridSpec grid)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            file.WriteDouble(variable, [r, 0, 0], [1, grid.LatitudeCount, grid.LongitudeCount], rows[r]);
        }
    }

    private sealed record Document(RegimeModelInfo Info, GridSpec Grid, double[] Eigenvalues, double TotalVariance,
        double[] ExplainedVariance, double[][] Centroids, double[] IndexMean, double[] IndexStd, int Harmonics);
}
