using System.Runtime.InteropServices;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>
/// P/Invoke declarations for netCDF-C (Debian <c>libnetcdf19</c>). netCDF-C is not thread-safe: every call must hold
/// <see cref="Gate"/>; <see cref="NetCdfFile"/> does this.
/// </summary>
internal static unsafe partial class NetCdfNative
{
    public const int NoErr = 0;
    public const int Global = -1;
    public const int NoWrite = 0;
    public const int Write = 0x0001;
    public const int Clobber = 0x0000;
    public const int NoClobber = 0x0004;
    public const int Netcdf4 = 0x1000;
    public const int Unlimited = 0;
    public const int MaxName = 256;
    public const int MaxVarDims = 1024;
    public const int Chunked = 0;
    public const int Contiguous = 1;

    /// <summary>Serialises all netCDF-C calls in the process.</summary>
    public static readonly Lock Gate = new();

    static NetCdfNative()
    {
        NativeLibraryResolver.Register();
        // HDF5 (under netCDF-4) flock()s every file it opens. Child processes started while a file is open inherit the
        // descriptor, and with it the lock, for their whole life, so other readers then fail with "NetCDF: HDF error".
        // Files are only written beside their final name and renamed when complete, so the lock protects nothing here.
        // The variable must be in the native environment (Environment.SetEnvironmentVariable does not reach getenv).
        _ = SetEnv("HDF5_USE_FILE_LOCKING", "FALSE", overwrite: 0);
    }

    [ThreadStatic]
    private static bool t_hdf5Quiet;

    /// <summary>
    /// Turns off HDF5's automatic error printing on the calling thread. netCDF-C does this only on the thread that first
    /// initialises it; HDF5 keeps the setting per thread, so reads on other threads (thread-pool jobs) would print dozens
    /// of "HDF5-DIAG" traces per file to stderr for conditions netCDF-C handles. Call with <see cref="Gate"/> held.
    /// </summary>
    public static void QuietHdf5OnThisThread()
    {
        if (t_hdf5Quiet)
        {
            return;
        }

        t_hdf5Quiet = true;
        try
        {
            _ = H5EsetAuto2(0, 0, 0);   // H5E_DEFAULT, no printing function
        }
        catch (DllNotFoundException)
        {
            // netCDF-C built without HDF5: nothing prints.
        }
    }

    [LibraryImport(NativeLibraryResolver.Hdf5, EntryPoint = "H5Eset_auto2")]
    private static partial int H5EsetAuto2(long errorStack, nint function, nint clientData);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_strerror")]
    public static partial nint StrError(int status);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq_libvers")]
    public static partial nint InqLibVers();

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int mode, out int ncid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Create(string path, int mode, out int ncid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_close")]
    public static partial int Close(int ncid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_enddef")]
    public static partial int EndDef(int ncid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq")]
    public static partial int Inq(int ncid, out int ndims, out int nvars, out int ngatts, out int unlimdimid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq_format")]
    public static partial int InqFormat(int ncid, out int format);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq_dim")]
    public static partial int InqDim(int ncid, int dimid, byte* name, out nuint length);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq_var")]
    public static partial int InqVar(int ncid, int varid, byte* name, out int xtype, out int ndims, int* dimids, out int natts);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq_attname")]
    public static partial int InqAttName(int ncid, int varid, int attnum, byte* name);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_inq_att", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InqAtt(int ncid, int varid, string name, out int xtype, out nuint length);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_get_att_text", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetAttText(int ncid, int varid, string name, byte* value);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_get_att_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetAttString(int ncid, int varid, string name, nint* value);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_free_string")]
    public static partial int FreeString(nuint count, nint* strings);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_get_att_double", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetAttDouble(int ncid, int varid, string name, double* value);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_get_vara_float")]
    public static partial int GetVaraFloat(int ncid, int varid, nuint* start, nuint* count, float* values);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_get_vara_double")]
    public static partial int GetVaraDouble(int ncid, int varid, nuint* start, nuint* count, double* values);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_def_dim", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DefDim(int ncid, string name, nuint length, out int dimid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_def_var", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DefVar(int ncid, string name, int xtype, int ndims, int* dimids, out int varid);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_def_var_deflate")]
    public static partial int DefVarDeflate(int ncid, int varid, int shuffle, int deflate, int level);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_def_var_chunking")]
    public static partial int DefVarChunking(int ncid, int varid, int storage, nuint* chunks);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_set_var_chunk_cache")]
    public static partial int SetVarChunkCache(int ncid, int varid, nuint size, nuint nelems, float preemption);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_def_var_fill")]
    public static partial int DefVarFill(int ncid, int varid, int noFill, void* fillValue);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_put_att_text", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PutAttText(int ncid, int varid, string name, nuint length, byte* value);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_put_att_double", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PutAttDouble(int ncid, int varid, string name, int xtype, nuint length, double* value);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_put_vara_float")]
    public static partial int PutVaraFloat(int ncid, int varid, nuint* start, nuint* count, float* values);

    [LibraryImport(NativeLibraryResolver.NetCdf, EntryPoint = "nc_put_vara_double")]
    public static partial int PutVaraDouble(int ncid, int varid, nuint* start, nuint* count, double* values);

    /// <summary>The library's message for a status code.</summary>
    public static string Message(int status) => Marshal.PtrToStringUTF8(StrError(status)) ?? $"netCDF error {status}";
}
