using System.Runtime.InteropServices;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>An open netCDF id; closing it flushes and releases the file.</summary>
internal sealed class NetCdfHandle : SafeHandle
{
    public NetCdfHandle(int ncid)
        : base(-1, ownsHandle: true)
    {
        SetHandle(ncid);
    }

    public int Id => (int)handle;

    public override bool IsInvalid => handle == -1;

    /// <summary>Status of the last close, for callers that must report a failed flush.</summary>
    public int CloseStatus { get; private set; }

    protected override bool ReleaseHandle()
    {
        lock (NetCdfNative.Gate)
        {
            CloseStatus = NetCdfNative.Close((int)handle);
        }

        return CloseStatus == NetCdfNative.NoErr;
    }
}
