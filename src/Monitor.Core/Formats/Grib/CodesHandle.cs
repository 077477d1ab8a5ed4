using System.Diagnostics;
using System.Text;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// An ecCodes <c>codes_handle*</c>: one GRIB field in memory. Its getters turn every non-zero status into a
/// <see cref="GribException"/> naming the file and the field. Use it only while holding <see cref="EcCodesNative.Sync"/>.
/// </summary>
internal sealed class CodesHandle : System.Runtime.InteropServices.SafeHandle
{
    private readonly string _filePath;

    private CodesHandle(nint codesHandle, string filePath)
        : base(0, ownsHandle: true)
    {
        SetHandle(codesHandle);
        _filePath = filePath;
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The field's name for error messages (its shortName once known).</summary>
    public string? Variable { get; set; }

    /// <summary>
    /// Reads the next field from <paramref name="file"/> (one per field of a multi-field message), or null at the end
    /// of the file. Throws <see cref="GribException"/> for a truncated or unreadable message.
    /// </summary>
    /// <param name="file">The open file, positioned where the next message may start.</param>
    /// <param name="filePath">The file's path, for error messages.</param>
    /// <param name="operation">What is being read, for error messages, e.g. <c>reading message #3</c>.</param>
    public static CodesHandle? ReadNext(CFileHandle file, string filePath, string operation)
    {
        Debug.Assert(EcCodesNative.Sync.IsHeldByCurrentThread, "ecCodes calls must hold EcCodesNative.Sync.");
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            nint h = EcCodesNative.codes_grib_handle_new_from_file(0, file.DangerousGetHandle(), out int error);
            if (h != 0)
            {
                var result = new CodesHandle(h, filePath);
                if (error != EcCodesNative.Success)
                {
                    result.Dispose();
                    throw new GribException(filePath, null, error, operation);
                }

                return result;
            }

            return error is EcCodesNative.Success or EcCodesNative.EndOfFile ? null :
                throw new GribException(filePath, null, error, operation);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>Byte offset of the message holding this field.</summary>
    public long MessageOffset()
    {
        Check(EcCodesNative.codes_get_message_offset(this, out long offset), "offset");
        return offset;
    }

    /// <summary>Whether the key exists in this message.</summary>
    public bool IsDefined(string key) => EcCodesNative.codes_is_defined(this, key) != 0;

    /// <summary>A long key; throws when absent or unreadable.</summary>
    public long GetLong(string key)
    {
        Check(EcCodesNative.codes_get_long(this, key, out long value), key);
        return value;
    }

    /// <summary>A long key, or null when it is absent or coded as missing.</summary>
    public long? TryGetLong(string key) => IsPresent(key) ? GetLong(key) : null;

    /// <summary>A double key; throws when absent or unreadable.</summary>
    public double GetDouble(string key)
    {
        Check(EcCodesNative.codes_get_double(this, key, out double value), key);
        return value;
    }

    /// <summary>A double key, or null when it is absent or coded as missing.</summary>
    public double? TryGetDouble(string key) => IsPresent(key) ? GetDouble(key) : null;

    /// <summary>Sets a long key (e.g. the transient <c>stepUnits</c>).</summary>
    public void SetLong(string key, long value) => Check(EcCodesNative.codes_set_long(this, key, value), key);

    /// <summary>Sets a double key (e.g. the transient <c>missingValue</c>).</summary>
    public void SetDouble(string key, double value) => Check(EcCodesNative.codes_set_double(this, key, value), key);

    /// <summary>A string key; throws when absent or unreadable.</summary>
    public unsafe string GetString(string key)
    {
        Check(EcCodesNative.codes_get_length(this, key, out nuint length), key);
        var buffer = new byte[(int)length + 1];
        nuint size = (nuint)buffer.Length;
        fixed (byte* p = buffer)
        {
            Check(EcCodesNative.codes_get_string(this, key, p, ref size), key);
        }

        int end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? (int)Math.Min(size, (nuint)buffer.Length) : end);
    }

    /// <summary>A string key, or null when it is absent.</summary>
    public string? TryGetString(string key) => IsDefined(key) ? GetString(key) : null;

    /// <summary>The number of elements of an array key.</summary>
    public long GetSize(string key)
    {
        Check(EcCodesNative.codes_get_size(this, key, out nuint size), key);
        return (long)size;
    }

    /// <summary>A double array key, decoded in full; throws when ecCodes returns fewer elements than it announced.</summary>
    public unsafe double[] GetDoubleArray(string key)
    {
        long count = GetSize(key);
        var values = new double[count];
        nuint length = (nuint)count;
        fixed (double* p = values)
        {
            Check(EcCodesNative.codes_get_double_array(this, key, p, ref length), key);
        }

        if ((long)length != count)
        {
            throw new DimensionMismatchException(_filePath, Variable,
                $"ecCodes announced {count} elements for '{key}' but decoded {length}.");
        }

        return values;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        lock (EcCodesNative.Sync)
        {
            return EcCodesNative.codes_handle_delete(handle) == EcCodesNative.Success;
        }
    }

    private bool IsPresent(string key)
    {
        if (!IsDefined(key))
        {
            return false;
        }

        int missing = EcCodesNative.codes_is_missing(this, key, out int error);
        Check(error, key);
        return missing == 0;
    }

    private void Check(int status, string key)
    {
        Debug.Assert(EcCodesNative.Sync.IsHeldByCurrentThread, "ecCodes calls must hold EcCodesNative.Sync.");
        if (status != EcCodesNative.Success)
        {
            throw new GribException(_filePath, Variable, status, $"key '{key}'");
        }
    }
}
