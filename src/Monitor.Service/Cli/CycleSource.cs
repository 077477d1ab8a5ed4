using System.CommandLine;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Transfer;

namespace Monitor.Service.Cli;

/// <summary>
/// Where a verb's cycle comes from: a cycle folder (<c>--cycle</c>), or any sample of an archive (<c>--archive A
/// --time T</c>: a cycle directory's cycle initialised at T, or a manifest archive's time step T).
/// </summary>
internal sealed class CycleSource
{
    private CycleSource(string? folder, string? archive, CycleId cycle)
    {
        Folder = folder;
        Archive = archive;
        Cycle = cycle;
    }

    /// <summary>The cycle folder, when given.</summary>
    public string? Folder { get; }

    /// <summary>The archive, when given.</summary>
    public string? Archive { get; }

    /// <summary>The cycle (or time step).</summary>
    public CycleId Cycle { get; }

    /// <summary>The options, to add to a command.</summary>
    public static (Option<string?> Cycle, Option<string?> Archive, Option<string?> Time) Options() =>
    (
        new Option<string?>("--cycle") { Description = "Cycle folder (named yyyyMMddHH) holding netCDF or GRIB files." },
        new Option<string?>("--archive") { Description = "Instead of --cycle: an archive (a directory of cycles, or a manifest .json) …" },
        new Option<string?>("--time") { Description = "… and the sample in it: the init time of a cycle, or a manifest's time step (yyyyMMddHH or yyyy-MM-dd[THH[:mm]], UTC)." }
    );

    /// <summary>Checks the options; returns the source, or null with the problem written to <paramref name="error"/>.</summary>
    public static CycleSource? From(string verb, string? folder, string? archive, string? time, TextWriter error)
    {
        if ((folder is null) == (archive is null) || (archive is null) != (time is null))
        {
            error.WriteLine($"{verb}: give --cycle FOLDER, or --archive A with --time T.");
            return null;
        }

        if (folder is not null)
        {
            if (CycleFolder.TryParse(folder, out CycleId cycle))
            {
                return new CycleSource(folder, null, cycle);
            }

            error.WriteLine($"{verb}: '{folder}' is not a cycle folder named yyyyMMddHH.");
            return null;
        }

        try
        {
            return new CycleSource(null, archive, new CycleId(DateTime.SpecifyKind(CliParsing.ParseUtc(time!, "--time"), DateTimeKind.Utc)));
        }
        catch (FormatException ex)
        {
            error.WriteLine($"{verb}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Reads what <paramref name="spec"/> needs (plus <paramref name="required"/>) from the folder or the archive.</summary>
    /// <exception cref="KeyNotFoundException">The archive has no such cycle or time step.</exception>
    public CycleData Read(ModelSpec spec, IReadOnlyList<VariableId>? required = null)
    {
        if (Folder is not null)
        {
            return ModelCycleReader.Read(spec, Cycle, CycleFolder.DataFiles(Folder), required);
        }

        using ICycleArchive archive = CycleArchives.Open(Archive!);
        return ModelCycleReader.Read(spec, archive, Cycle, required);
    }

    /// <summary>
    /// The newest cycle before this one that forecasts <paramref name="valid"/>: a sibling folder named yyyyMMddHH
    /// beside <c>--cycle</c>, or an earlier cycle of the archive.
    /// </summary>
    /// <exception cref="CycleDataException">No earlier cycle reaches that valid time (the message names where it looked).</exception>
    public CycleData ReadPrevious(ModelSpec spec, DateTime valid)
    {
        if (Folder is not null)
        {
            string parent = Path.GetDirectoryName(Path.GetFullPath(Folder)) ?? ".";
            var earlier = Directory.GetDirectories(parent)
                .Select(d => (Folder: d, Ok: CycleFolder.TryParse(d, out CycleId id), Id: id))
                .Where(c => c.Ok && c.Id.InitTime < Cycle.InitTime && c.Id.InitTime <= valid)
                .OrderByDescending(c => c.Id.InitTime);
            foreach ((string folder, _, CycleId id) in earlier)
            {
                CycleData data = ModelCycleReader.Read(spec, id, CycleFolder.DataFiles(folder));
                if (data.ValidTimes.Contains(valid))
                {
                    return data;
                }
            }

            throw new CycleDataException(parent, null, $"no cycle folder before {Cycle} forecasts {valid:yyyy-MM-dd HH} UTC.");
        }

        using ICycleArchive archive = CycleArchives.Open(Archive!);
        foreach (CycleId id in archive.CyclesIn(new TimePeriod(valid.AddDays(-30), Cycle.InitTime.AddTicks(-1))).OrderByDescending(c => c.InitTime))
        {
            CycleData data = ModelCycleReader.Read(spec, archive, id);
            if (data.ValidTimes.Contains(valid))
            {
                return data;
            }
        }

        throw new CycleDataException(archive.Location, null, $"no cycle before {Cycle} (within 30 days) forecasts {valid:yyyy-MM-dd HH} UTC.");
    }
}
