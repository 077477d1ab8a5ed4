using System.Runtime.InteropServices;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// A C stdio <c>FILE*</c> opened for ecCodes' file API. Closing it first drops ecCodes' multi-field state for the
/// stream, so that a later <c>fopen</c> returning the same address cannot inherit a half-read message.
/// </summary>
internal sealed class CFileHandle : SafeHandle
{
    private CFileHandle(nint file)
        : base(0, ownsHandle: true)
    {
        SetHandle(file);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Opens <paramref name="path"/> for binary reading; throws <see cref="DataFileException"/> with the OS reason.</summary>
    public static CFileHandle OpenRead(string path)
    {
        nint file = EcCodesNative.FOpen(path, "rb");
        if (file == 0)
        {
            string reason = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            throw new DataFileException(path, null, $"cannot open the file: {reason}.");
        }

        return new CFileHandle(file);
    }

    /// <summary>
    /// Positions the stream at <paramref name="offset"/> and forgets any partly read multi-field message.
    /// Call while holding <see cref="EcCodesNative.Sync"/>.
    /// </summary>
    public void SeekTo(long offset, string path)
    {
        const int seekSet = 0;
        if (EcCodesNative.FSeekO(this, offset, seekSet) != 0)
        {
            string reason = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            throw new DataFileException(path, null, $"cannot seek to byte {offset}: {reason}.");
        }

        EcCodesNative.codes_grib_multi_support_reset_file(EcCodesNative.codes_context_get_default(), handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        lock (EcCodesNative.Sync)
        {
            EcCodesNative.codes_grib_multi_support_reset_file(EcCodesNative.codes_context_get_default(), handle);
            return EcCodesNative.FClose(handle) == 0;
        }
    }
}
