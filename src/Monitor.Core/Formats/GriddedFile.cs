using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;

namespace Monitor.Core.Formats;

/// <summary>
/// A netCDF or GRIB file seen as a list of 2-D fields, so that cycle assembly and inspection do not care about the
/// container. Values come back in canonical units, rows north → south, NaN where missing.
/// </summary>
public abstract class GriddedFile : IDisposable
{
    private static readonly byte[] s_hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>The file path.</summary>
    public abstract string FilePath { get; }

    /// <summary>The container format.</summary>
    public abstract DataFileFormat Format { get; }

    /// <summary>Every field the file holds.</summary>
    public abstract IReadOnlyList<FieldEntry> Fields { get; }

    /// <summary>Reads one field.</summary>
    /// <exception cref="EmptyFieldException">Every value of the field is missing.</exception>
    public GriddedField Read(FieldEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        GriddedField field = ReadCore(entry);
        if (field.Statistics().MissingCount == field.Values.Length)
        {
            string when = entry.ValidTime is DateTime t ? $"{t:yyyy-MM-dd HH:mm} UTC" : "the static field";
            throw new EmptyFieldException(FilePath, entry.NameInFile, when);
        }

        return field;
    }

    /// <summary>Opens a file of either format, recognised from its first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="netCdf">How a netCDF file is decoded (catalogue, time origin for time coordinates without units).</param>
    /// <exception cref="DataFileException">Not found, not a netCDF or GRIB file, or unreadable.</exception>
    public static GriddedFile Open(string path, NetCdfReadOptions? netCdf = null)
    {
        return Detect(path) switch
        {
            DataFileFormat.NetCdf3 or DataFileFormat.NetCdf4 => new NetCdfGriddedFile(NetCdfDataset.Open(path, netCdf)),
            DataFileFormat.Grib => new Grib.GribGriddedFile(path),
            _ => throw new DataFileException(path, null, "not a netCDF or GRIB file (unrecognised first bytes)."),
        };
    }

    /// <summary>Recognises the container format from the first bytes of a file.</summary>
    public static DataFileFormat Detect(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFileException(path, null, "file not found.");
        }

        Span<byte> head = stackalloc byte[8];
        int read;
        using (FileStream stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        if (head.Length >= 4 && head[0] == 'C' && head[1] == 'D' && head[2] == 'F' && head[3] is 1 or 2 or 5)
        {
            return DataFileFormat.NetCdf3;
        }

        if (head.Length >= 8 && head.SequenceEqual(s_hdf5Signature))
        {
            return DataFileFormat.NetCdf4;
        }

        return head.Length >= 4 && head[..4].SequenceEqual("GRIB"u8) ? DataFileFormat.Grib : DataFileFormat.Unknown;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads one field's values (format specific).</summary>
    protected abstract GriddedField ReadCore(FieldEntry entry);

    /// <summary>Releases the file.</summary>
    protected abstract void Dispose(bool disposing);
}
