using System.Runtime.InteropServices;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// P/Invoke bindings to ecCodes (<c>libeccodes.so.0</c>) and the few libc stdio calls its file API needs.
/// </summary>
/// <remarks>
/// ecCodes keeps process-wide state (the default context, multi-field bookkeeping keyed by <c>FILE*</c>) and is not
/// thread-safe for every call, so every call must be made while holding <see cref="Sync"/>. C <c>long</c> is bound as
/// <see cref="long"/> and <c>off_t</c> as <see cref="long"/>: both are 64-bit on the LP64 Linux targets this runs on.
/// </remarks>
internal static partial class EcCodesNative
{
    /// <summary>ecCodes status: success.</summary>
    public const int Success = 0;

    /// <summary>ecCodes status <c>GRIB_END_OF_FILE</c>: no further message.</summary>
    public const int EndOfFile = -1;

    /// <summary>ecCodes status <c>GRIB_NOT_FOUND</c>: the key is not defined for this message.</summary>
    public const int NotFound = -10;

    /// <summary>ecCodes status <c>GRIB_PREMATURE_END_OF_FILE</c>: the file ends inside a message.</summary>
    public const int PrematureEndOfFile = -45;

    private const string LibC = "libc.so.6";

    private static bool s_initialized;

    static EcCodesNative()
    {
        NativeLibraryResolver.Register();
    }

    /// <summary>The lock that serialises every ecCodes call in the process.</summary>
    public static Lock Sync { get; } = new();

    /// <summary>
    /// Turns on multi-field support in the default context once, so that a GRIB2 message carrying several fields
    /// yields one handle per field. Call while holding <see cref="Sync"/>.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (!s_initialized)
        {
            codes_grib_multi_support_on(0);
            s_initialized = true;
        }
    }

    /// <summary>The text ecCodes gives for a status code.</summary>
    public static string ErrorMessage(int code) =>
        Marshal.PtrToStringUTF8(codes_get_error_message(code)) ?? $"unknown ecCodes error {code}";

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    internal static partial nint codes_context_get_default();

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    internal static partial void codes_grib_multi_support_on(nint context);

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    internal static partial void codes_grib_multi_support_reset_file(nint context, nint file);

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    internal static partial nint codes_grib_handle_new_from_file(nint context, nint file, out int error);

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    internal static partial int codes_handle_delete(nint handle);

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    internal static partial int codes_get_message_offset(CodesHandle handle, out long offset);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_get_long(CodesHandle handle, string key, out long value);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_get_double(CodesHandle handle, string key, out double value);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_set_long(CodesHandle handle, string key, long value);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_set_double(CodesHandle handle, string key, double value);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_get_length(CodesHandle handle, string key, out nuint length);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int codes_get_string(CodesHandle handle, string key, byte* value, ref nuint length);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_get_size(CodesHandle handle, string key, out nuint size);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int codes_get_double_array(CodesHandle handle, string key, double* values, ref nuint length);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_is_defined(CodesHandle handle, string key);

    [LibraryImport(NativeLibraryResolver.EcCodes, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int codes_is_missing(CodesHandle handle, string key, out int error);

    [LibraryImport(NativeLibraryResolver.EcCodes)]
    private static partial nint codes_get_error_message(int code);

    [LibraryImport(LibC, EntryPoint = "fopen", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial nint FOpen(string path, string mode);

    [LibraryImport(LibC, EntryPoint = "fclose")]
    internal static partial int FClose(nint file);

    [LibraryImport(LibC, EntryPoint = "fseeko", SetLastError = true)]
    internal static partial int FSeekO(CFileHandle file, long offset, int whence);
}
