using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Inspection;

/// <summary>
/// Summarises netCDF and GRIB files — variables, grid, times, units, NaN-aware min/mean/max — for a file, every
/// data file below a folder (e.g. a cycle folder), or the files of an archive manifest as the manifest reads them.
/// Reads one field at a time.
/// </summary>
public static class DataInspector
{
    private static readonly HashSet<string> s_skipped = new(StringComparer.OrdinalIgnoreCase) { ".cdl", ".txt", ".json", ".md", ".partial" };

    /// <summary>
    /// Inspects a file, every data file below a folder (sorted by path), or an archive manifest (<c>.json</c>). A
    /// variable or message that cannot be placed or read is listed with its problem; the rest of the file is still
    /// summarised.
    /// </summary>
    /// <param name="path">A file, a folder or a manifest.</param>
    /// <param name="netCdf">How netCDF files are decoded (e.g. a time origin for time coordinates without units); a manifest says it itself.</param>
    /// <exception cref="DataFileException">A file cannot be opened at all (names the file).</exception>
    /// <exception cref="ArgumentException">A manifest is invalid (names it).</exception>
    public static IReadOnlyList<FileSummary> Inspect(string path, NetCdfReadOptions? netCdf = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return InspectManifest(path);
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !s_skipped.Contains(Path.GetExtension(f)) && GriddedFile.Detect(f) != DataFileFormat.Unknown)
                .Order(StringComparer.Ordinal)
                .Select(f => InspectFile(f, netCdf))
                .ToArray();
        }

        return [InspectFile(path, netCdf)];
    }

    /// <summary>
    /// Every file of a manifest archive as the archive reads it: the variable each field becomes (aliases, levels,
    /// conversions applied), its time, and the variables it does not read with the reason.
    /// </summary>
    private static FileSummary[] InspectManifest(string manifestPath)
    {
        using var archive = new ManifestArchive(manifestPath);
        var values = new float[archive.Grid.CellCount];
        return [.. archive.Files.Select(file =>
        {
            var fields = new List<FieldSummary>();
            foreach (ManifestField field in archive.FieldsIn(file))
            {
                string name = field.Variable.ToString(), units = VariableCatalog.Default[field.Variable.Name].Units;
                try
                {
                    archive.ReadField(new CycleId(field.ValidTime), field.Variable, 0, values);
                    FieldStatistics stats = FieldStatistics.Of(values);
                    fields.Add(new FieldSummary(name, field.NameInFile, field.ValidTime, null, archive.Grid.ToString(), units,
                        stats.Minimum, stats.Mean, stats.Maximum, (double)stats.MissingCount / stats.Count, null));
                }
                catch (Exception ex) when (ex is DataFileException or ArgumentException)
                {
                    // An all-missing field is 100 % missing; a time off the whole hour is no sample of the archive.
                    fields.Add(new FieldSummary(name, field.NameInFile, field.ValidTime, null, archive.Grid.ToString(), units,
                        double.NaN, double.NaN, double.NaN, ex is EmptyFieldException ? 1.0 : double.NaN, ex.Message));
                }
            }

            fields.AddRange(archive.ProblemsIn(file).Select(p => new FieldSummary(p.Variable, p.Variable, null, null, null, "",
                double.NaN, double.NaN, double.NaN, double.NaN, p.Error.Message)));
            return new FileSummary(file, GriddedFile.Detect(file), fields);
        })];
    }

    private static FileSummary InspectFile(string path, NetCdfReadOptions? netCdf)
    {
        using GriddedFile file = GriddedFile.Open(path, netCdf);
        var fields = new List<FieldSummary>(file.Fields.Count);
        foreach (FieldEntry entry in file.Fields)
        {
            string name = entry.Variable?.ToString() ?? entry.NameInFile;
            if (entry.UnsupportedReason is not null)
            {
                fields.Add(new FieldSummary(name, entry.NameInFile, entry.ValidTime, entry.ReferenceTime, null, entry.Units,
                    double.NaN, double.NaN, double.NaN, double.NaN, entry.UnsupportedReason));
                continue;
            }

            try
            {
                FieldStatistics stats = file.Read(entry).Statistics();
                fields.Add(new FieldSummary(name, entry.NameInFile, entry.ValidTime, entry.ReferenceTime, entry.Grid?.ToString(), entry.Units,
                    stats.Minimum, stats.Mean, stats.Maximum, (double)stats.MissingCount / stats.Count, null));
            }
            catch (DataFileException ex)
            {
                // An all-missing field is known to be 100 % missing; any other unreadable field has no statistics.
                fields.Add(new FieldSummary(name, entry.NameInFile, entry.ValidTime, entry.ReferenceTime, entry.Grid?.ToString(), entry.Units,
                    double.NaN, double.NaN, double.NaN, ex is EmptyFieldException ? 1.0 : double.NaN, ex.Message));
            }
        }

        return new FileSummary(path, file.Format, fields);
    }
}
