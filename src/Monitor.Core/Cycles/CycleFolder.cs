using Monitor.Core.Formats;
using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>A folder holding one cycle, named by its init time (<c>yyyyMMddHH</c>), as the commands take it.</summary>
public static class CycleFolder
{
    /// <summary>True when <paramref name="folder"/> exists and its name is a cycle id.</summary>
    public static bool TryParse(string folder, out CycleId cycle)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        return CycleId.TryParse(name, out cycle) && Directory.Exists(folder);
    }

    /// <summary>The netCDF and GRIB files of the folder, in name order.</summary>
    public static string[] DataFiles(string folder) =>
        [.. Directory.GetFiles(folder).Where(f => GriddedFile.Detect(f) != DataFileFormat.Unknown).Order(StringComparer.Ordinal)];
}
