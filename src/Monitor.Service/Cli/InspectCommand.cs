using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Inspection;

namespace Monitor.Service.Cli;

/// <summary><c>v2vmonitor inspect PATH [--json]</c>: what a netCDF/GRIB file, a cycle folder or an archive manifest holds.</summary>
internal static class InspectCommand
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("path")
        {
            Description = "A netCDF or GRIB file, a folder (e.g. a cycle folder), or an archive manifest (.json: its files as it reads them).",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var timeUnits = new Option<string?>("--time-units")
        {
            Description = "CF time units for netCDF time coordinates that have none, e.g. \"hours since 2026-01-01 00:00\" (a manifest gives its own).",
        };
        var command = new Command("inspect", "Show variables, grid, times, units and NaN-aware min/mean/max of data files.") { path, json, timeUnits };
        command.SetAction(parse => Run(parse.GetValue(path)!, parse.GetValue(json), output, error, parse.GetValue(timeUnits)));
        return command;
    }

    internal static int Run(string path, bool json, TextWriter output, TextWriter error, string? timeUnits = null)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            error.WriteLine($"inspect: '{path}' does not exist.");
            return 2;
        }

        IReadOnlyList<FileSummary> files;
        try
        {
            files = DataInspector.Inspect(path, timeUnits is null ? null : NetCdfReadOptions.Default with { TimeUnitsFallback = timeUnits });
        }
        catch (Exception ex) when (ex is DataFileException or ArgumentException)
        {
            error.WriteLine($"inspect: {ex.Message}");
            return 1;
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(files, s_json));
            return 0;
        }

        if (files.Count == 0)
        {
            output.WriteLine($"No netCDF or GRIB files under {path}.");
            return 0;
        }

        foreach (FileSummary file in files)
        {
            WriteTable(file, output);
        }

        return 0;
    }

    private static void WriteTable(FileSummary file, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"{file.Path}  [{file.Format}, {file.Fields.Count} fields]");
        foreach (string grid in file.Fields.Select(f => f.Grid).OfType<string>().Distinct())
        {
            output.WriteLine($"  grid: {grid}");
        }

        output.WriteLine($"  {"variable",-12} {"in file",-16} {"valid time (UTC)",-17} {"units",-12} {"min",12} {"mean",12} {"max",12} {"missing",8}");
        foreach (FieldSummary f in file.Fields)
        {
            string valid = f.ValidTime?.ToString("yyyy-MM-dd HH:mm", c) ?? "static";
            if (f.Problem is not null)
            {
                output.WriteLine($"  {f.Name,-12} {f.NameInFile,-16} {valid,-17} {f.Units,-12} {f.Problem}");
                continue;
            }

            output.WriteLine(string.Create(c,
                $"  {f.Name,-12} {f.NameInFile,-16} {valid,-17} {f.Units,-12} {f.Minimum,12:G6} {f.Mean,12:G6} {f.Maximum,12:G6} {f.MissingFraction,8:P1}"));
        }

        output.WriteLine();
    }
}
