using System.Globalization;
using Monitor.Core.Grids;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// A GRIB1/GRIB2 file read through ecCodes. <see cref="Open"/> lists every field's metadata once; reading a field
/// seeks to its message and decodes only that message. Only regular latitude/longitude grids are decoded: any other
/// grid raises <see cref="UnsupportedGridException"/> rather than being misread.
/// </summary>
/// <remarks>Thread-safe: ecCodes calls from all instances are serialised on one process-wide lock.</remarks>
public sealed class GribFile : IDisposable
{
    /// <summary>
    /// Stand-in for missing points while decoding, set as the handle's missingValue. It lies far outside any physical
    /// value and the float32 range, so it cannot collide with a real value, unlike ecCodes' default of 9999.
    /// </summary>
    private const double MissingSentinel = 1e300;

    private readonly CFileHandle _file;
    private readonly GribMessageInfo[] _messages;

    private GribFile(string filePath, CFileHandle file, GribMessageInfo[] messages)
    {
        FilePath = filePath;
        _file = file;
        _messages = messages;
    }

    /// <summary>The file's path as given to <see cref="Open"/>.</summary>
    public string FilePath { get; }

    /// <summary>Every field in the file, in file order (supported or not, catalogued or not).</summary>
    public IReadOnlyList<GribMessageInfo> Messages => _messages;

    /// <summary>
    /// Opens a GRIB file and reads every field's metadata. Throws <see cref="GribException"/> when the file is empty,
    /// holds no GRIB message, or ends inside a message, and <see cref="DataFileException"/> when it cannot be opened.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="catalog">The catalogue that maps shortNames to canonical variables; <see cref="VariableCatalog.Default"/> if null.</param>
    public static GribFile Open(string path, VariableCatalog? catalog = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        catalog ??= VariableCatalog.Default;
        if (Directory.Exists(path))
        {
            throw new DataFileException(path, null, "is a directory, not a GRIB file.");
        }

        CFileHandle file;
        lock (EcCodesNative.Sync)
        {
            EcCodesNative.EnsureInitialized();
            file = CFileHandle.OpenRead(path);
        }

        try
        {
            return new GribFile(path, file, Scan(file, path, catalog));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes one field into canonical units: float32 <c>[lat, lon]</c>, rows north → south, columns west → east,
    /// missing points (bitmap) as NaN.
    /// </summary>
    /// <param name="message">A field of this file, from <see cref="Messages"/>.</param>
    /// <exception cref="UnsupportedGridException">The field is not on a readable regular latitude/longitude grid.</exception>
    /// <exception cref="DataFileException">The field is not in the variable catalogue, or cannot be decoded.</exception>
    public GriddedField ReadField(GribMessageInfo message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_file.IsClosed, this);
        if (message.Index < 0 || message.Index >= _messages.Length || !_messages[message.Index].Equals(message))
        {
            throw new ArgumentException($"{message.Describe()} is not a field of {FilePath}.", nameof(message));
        }

        if (message.Layout is not GribGridLayout layout)
        {
            throw new UnsupportedGridException(FilePath, message.ShortName,
                $"{message.UnsupportedGridReason} in message {message.Describe()}");
        }

        if (message.Variable is not VariableId variable || message.Conversion is not VariableAlias conversion)
        {
            throw new DataFileException(FilePath, message.ShortName,
                $"message {message.Describe()} (paramId {message.ParamId}) is not in the variable catalogue, so it has no canonical name or units.");
        }

        double[] values;
        lock (EcCodesNative.Sync)
        {
            using CodesHandle handle = Locate(message);
            handle.SetDouble("missingValue", MissingSentinel);
            values = handle.GetDoubleArray("values");
        }

        if (values.Length != layout.Grid.CellCount)
        {
            throw new DimensionMismatchException(FilePath, message.ShortName,
                $"message {message.Describe()} has {values.Length} values, its {layout.Nj}×{layout.Ni} grid needs {layout.Grid.CellCount}.");
        }

        float[] field = layout.ToNorthSouthRows(values, MissingSentinel, conversion.Scale, conversion.Offset);
        DateTime? validTime = conversion.Variable.Kind == VariableKind.Static ? null : message.ValidTime;
        return new GriddedField(variable, layout.Grid, conversion.Variable.Units, validTime, field);
    }

    /// <summary>
    /// Decodes every field that can be read: on a regular latitude/longitude grid and in the variable catalogue.
    /// The others are returned in <paramref name="skipped"/> with the reason.
    /// </summary>
    /// <param name="skipped">Fields left out, in file order, each with its shortName and why.</param>
    public IReadOnlyList<GriddedField> ReadAllFields(out IReadOnlyList<GribSkippedMessage> skipped)
    {
        var fields = new List<GriddedField>(_messages.Length);
        var left = new List<GribSkippedMessage>();
        foreach (GribMessageInfo message in _messages)
        {
            if (message.Layout is null)
            {
                left.Add(new GribSkippedMessage(message, $"unsupported grid: {message.UnsupportedGridReason}"));
            }
            else if (message.Variable is null)
            {
                left.Add(new GribSkippedMessage(message, $"shortName '{message.ShortName}' on {message.TypeOfLevel} is not in the variable catalogue"));
            }
            else
            {
                fields.Add(ReadField(message));
            }
        }

        skipped = left;
        return fields;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static GribMessageInfo[] Scan(CFileHandle file, string path, VariableCatalog catalog)
    {
        var messages = new List<GribMessageInfo>();
        long previousOffset = -1;
        int fieldInMessage = 0;
        while (true)
        {
            lock (EcCodesNative.Sync)
            {
                string operation = messages.Count == 0 ? "reading the first message" :
                    $"reading the message after field #{messages.Count - 1}, whose message starts at byte {previousOffset}";
                using CodesHandle? handle = CodesHandle.ReadNext(file, path, operation);
                if (handle is null)
                {
                    break;
                }

                long offset = handle.MessageOffset();
                fieldInMessage = offset == previousOffset ? fieldInMessage + 1 : 0;
                previousOffset = offset;
                messages.Add(Describe(handle, path, catalog, messages.Count, offset, fieldInMessage));
            }
        }

        if (messages.Count == 0)
        {
            bool empty = new FileInfo(path).Length == 0;
            throw new GribException(path, null, empty ? "the file is empty." : "no GRIB message found; this is not a GRIB file.",
                isTransient: empty);
        }

        return [.. messages];
    }

    private static GribMessageInfo Describe(CodesHandle handle, string path, VariableCatalog catalog, int index, long offset,
        int fieldInMessage)
    {
        string shortName = handle.GetString("shortName");
        handle.Variable = shortName;
        string typeOfLevel = handle.TryGetString("typeOfLevel") ?? "unknown";
        long level = handle.TryGetLong("level") ?? 0;
        string gridType = handle.GetString("gridType");
        GribGridLayout? layout = GribGridLayout.TryRead(handle, gridType, out string? unsupportedReason);
        VariableId? variable = GribVariableMapping.Resolve(catalog, shortName, typeOfLevel, level, out VariableAlias? conversion);
        return new GribMessageInfo
        {
            Index = index,
            ByteOffset = offset,
            FieldInMessage = fieldInMessage,
            Edition = (int)handle.GetLong("edition"),
            ShortName = shortName,
            ParamId = handle.TryGetLong("paramId") ?? 0,
            TypeOfLevel = typeOfLevel,
            Level = level,
            NativeUnits = handle.TryGetString("units") ?? "unknown",
            ReferenceTime = ReferenceTime(handle.GetLong("dataDate"), handle.GetLong("dataTime"), path, shortName),
            StepHours = StepSeconds(handle) / 3600.0,
            StepType = handle.TryGetString("stepType") ?? "unknown",
            GridType = gridType,
            PackingType = handle.GetString("packingType"),
            Variable = variable,
            Conversion = conversion,
            Layout = layout,
            UnsupportedGridReason = unsupportedReason,
        };
    }

    /// <summary>
    /// Positions on the message's field and checks it is still the field that was listed. Call while holding
    /// <see cref="EcCodesNative.Sync"/>.
    /// </summary>
    private CodesHandle Locate(GribMessageInfo message)
    {
        _file.SeekTo(message.ByteOffset, FilePath);
        string operation = $"reading message {message.Describe()} at byte {message.ByteOffset}";
        for (int field = 0; ; field++)
        {
            CodesHandle? handle = CodesHandle.ReadNext(_file, FilePath, operation);
            if (handle is null || handle.MessageOffset() != message.ByteOffset)
            {
                handle?.Dispose();
                throw new GribException(FilePath, message.ShortName,
                    $"message {message.Describe()} is no longer at byte {message.ByteOffset}; the file changed after it was opened.",
                    isTransient: true);
            }

            if (field < message.FieldInMessage)
            {
                handle.Dispose();
                continue;
            }

            handle.Variable = message.ShortName;
            if (handle.GetString("shortName") != message.ShortName || handle.GetLong("edition") != message.Edition)
            {
                handle.Dispose();
                throw new GribException(FilePath, message.ShortName,
                    $"message {message.Describe()} at byte {message.ByteOffset} holds another field now; the file changed after it was opened.",
                    isTransient: true);
            }

            return handle;
        }
    }

    /// <summary>
    /// The end of the step range in seconds. ecCodes gives endStep in the transient stepUnits, which defaults to hours
    /// and fails for steps that are not whole hours, so it is asked for seconds (code 13), exact for any step coded in
    /// seconds, minutes, hours or days in GRIB1 and GRIB2.
    /// </summary>
    private static long StepSeconds(CodesHandle handle)
    {
        const long seconds = 13;
        handle.SetLong("stepUnits", seconds);
        return handle.GetLong("endStep");
    }

    private static DateTime ReferenceTime(long dataDate, long dataTime, string path, string shortName)
    {
        long year = dataDate / 10000, month = dataDate / 100 % 100, day = dataDate % 100;
        long hour = dataTime / 100, minute = dataTime % 100;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month) ||
            hour is < 0 or > 23 || minute is < 0 or > 59)
        {
            throw new DataFileException(path, shortName,
                $"dataDate={dataDate.ToString(CultureInfo.InvariantCulture)}, dataTime={dataTime.ToString("0000", CultureInfo.InvariantCulture)} is not a valid reference time.");
        }

        return new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, 0, DateTimeKind.Utc);
    }
}
