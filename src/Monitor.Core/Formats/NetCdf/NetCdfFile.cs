using System.Runtime.InteropServices;
using System.Text;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>
/// A netCDF file opened through netCDF-C: classic, 64-bit offset and netCDF-4/HDF5 files alike. Metadata is read
/// once at open; data are read by hyperslab. Every status is checked and raised as <see cref="NetCdfException"/>
/// naming the file and variable. Calls are serialised process-wide because netCDF-C is not thread-safe.
/// </summary>
public sealed unsafe class NetCdfFile : IDisposable
{
    private readonly NetCdfHandle _handle;
    private readonly Dictionary<string, NetCdfVariable> _variables = new(StringComparer.Ordinal);
    private readonly List<NetCdfDimension> _dimensions = [];

    private NetCdfFile(string path, NetCdfHandle handle, bool writable)
    {
        FilePath = path;
        _handle = handle;
        IsWritable = writable;
    }

    /// <summary>The file path.</summary>
    public string FilePath { get; }

    /// <summary>True when created for writing.</summary>
    public bool IsWritable { get; }

    /// <summary>On-disk format.</summary>
    public NetCdfFormat Format { get; private set; }

    /// <summary>Dimensions in id order.</summary>
    public IReadOnlyList<NetCdfDimension> Dimensions => _dimensions;

    /// <summary>Variables by name.</summary>
    public IReadOnlyDictionary<string, NetCdfVariable> Variables => _variables;

    /// <summary>Global attributes by name.</summary>
    public IReadOnlyDictionary<string, NetCdfAttributeValue> GlobalAttributes { get; private set; } =
        new Dictionary<string, NetCdfAttributeValue>();

    /// <summary>The netCDF-C library version string.</summary>
    public static string LibraryVersion
    {
        get
        {
            lock (NetCdfNative.Gate)
            {
                return Marshal.PtrToStringUTF8(NetCdfNative.InqLibVers()) ?? "unknown";
            }
        }
    }

    /// <summary>Opens a file read-only and reads its metadata.</summary>
    public static NetCdfFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, null, "file not found.");
        }

        int status, ncid;
        lock (NetCdfNative.Gate)
        {
            NetCdfNative.QuietHdf5OnThisThread();
            status = NetCdfNative.Open(path, NetCdfNative.NoWrite, out ncid);
        }

        if (status != NetCdfNative.NoErr)
        {
            throw new NetCdfException(path, null, "open (not a readable netCDF file, or truncated)", status);
        }

        var file = new NetCdfFile(path, new NetCdfHandle(ncid), writable: false);
        try
        {
            file.ReadMetadata();
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Creates (or overwrites) a netCDF-4 file in define mode.</summary>
    public static NetCdfFile CreateNetcdf4(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int status, ncid;
        lock (NetCdfNative.Gate)
        {
            status = NetCdfNative.Create(path, NetCdfNative.Netcdf4 | NetCdfNative.Clobber, out ncid);
        }

        if (status != NetCdfNative.NoErr)
        {
            throw new NetCdfException(path, null, "create", status);
        }

        return new NetCdfFile(path, new NetCdfHandle(ncid), writable: true) { Format = NetCdfFormat.Netcdf4 };
    }

    /// <summary>A variable by name; throws <see cref="VariableNotFoundException"/> listing what the file has.</summary>
    public NetCdfVariable Variable(string name) =>
        _variables.TryGetValue(name, out NetCdfVariable? v) ? v : throw new VariableNotFoundException(FilePath, name, _variables.Keys);

    /// <summary>Reads a hyperslab as float32 (netCDF-C converts the external type; packing is not applied).</summary>
    public void ReadFloat(NetCdfVariable variable, ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<float> destination)
    {
        CheckSlab(variable, start, count, destination.Length);
        fixed (float* pd = destination)
        {
            nint values = (nint)pd;
            CallOnSlab(start, count, variable.Name, "read", (s, c) => NetCdfNative.GetVaraFloat(_handle.Id, variable.Id, s, c, (float*)values));
        }
    }

    /// <summary>Reads a hyperslab as float64 (netCDF-C converts the external type; packing is not applied).</summary>
    public void ReadDouble(NetCdfVariable variable, ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<double> destination)
    {
        CheckSlab(variable, start, count, destination.Length);
        fixed (double* pd = destination)
        {
            nint values = (nint)pd;
            CallOnSlab(start, count, variable.Name, "read", (s, c) => NetCdfNative.GetVaraDouble(_handle.Id, variable.Id, s, c, (double*)values));
        }
    }

    /// <summary>Reads a whole variable as float64 (for coordinate variables).</summary>
    public double[] ReadAllDouble(NetCdfVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        long[] shape = variable.Shape;
        var values = new double[shape.Aggregate(1L, (a, b) => a * b)];
        ReadDouble(variable, new long[shape.Length], shape, values);
        return values;
    }

    /// <summary>Defines a dimension (define mode only); length 0 makes it unlimited.</summary>
    public NetCdfDimension DefineDimension(string name, long length)
    {
        int status, id;
        lock (NetCdfNative.Gate)
        {
            status = NetCdfNative.DefDim(_handle.Id, name, (nuint)length, out id);
        }

        Check(status, name, "define dimension");
        var dimension = new NetCdfDimension(id, name, length, length == NetCdfNative.Unlimited);
        _dimensions.Add(dimension);
        return dimension;
    }

    /// <summary>Defines a variable (define mode only), optionally chunked and deflated with shuffle.</summary>
    /// <param name="name">Variable name.</param>
    /// <param name="type">External type.</param>
    /// <param name="dimensions">Dimensions, slowest first.</param>
    /// <param name="deflateLevel">zlib level 1–9, or 0 for no compression.</param>
    /// <param name="chunks">Chunk lengths per dimension; null for the library's default.</param>
    public NetCdfVariable DefineVariable(string name, NetCdfType type, IReadOnlyList<NetCdfDimension> dimensions,
        int deflateLevel = 0, IReadOnlyList<long>? chunks = null)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        Span<int> ids = stackalloc int[Math.Max(1, dimensions.Count)];
        for (int i = 0; i < dimensions.Count; i++)
        {
            ids[i] = dimensions[i].Id;
        }

        int status, varid;
        fixed (int* pids = ids)
        {
            lock (NetCdfNative.Gate)
            {
                status = NetCdfNative.DefVar(_handle.Id, name, (int)type, dimensions.Count, pids, out varid);
            }
        }

        Check(status, name, "define variable");
        if (chunks is not null)
        {
            Span<nuint> c = stackalloc nuint[chunks.Count];
            for (int i = 0; i < chunks.Count; i++)
            {
                c[i] = (nuint)chunks[i];
            }

            fixed (nuint* pc = c)
            {
                lock (NetCdfNative.Gate)
                {
                    status = NetCdfNative.DefVarChunking(_handle.Id, varid, NetCdfNative.Chunked, pc);
                }
            }

            Check(status, name, "define chunking");
        }

        if (deflateLevel > 0)
        {
            lock (NetCdfNative.Gate)
            {
                status = NetCdfNative.DefVarDeflate(_handle.Id, varid, 1, 1, deflateLevel);
            }

            Check(status, name, "define deflate");
        }

        var variable = new NetCdfVariable(varid, name, type, dimensions.ToArray(), new Dictionary<string, NetCdfAttributeValue>());
        _variables[name] = variable;
        return variable;
    }

    /// <summary>
    /// Sets a netCDF-4 variable's chunk cache (bytes, slots): a writer that fills each chunk completely in one write
    /// needs almost none, while the library's default (tens of MB per variable) adds up over many open variables.
    /// </summary>
    public void SetChunkCache(NetCdfVariable variable, long bytes, int slots)
    {
        ArgumentNullException.ThrowIfNull(variable);
        int status;
        lock (NetCdfNative.Gate)
        {
            status = NetCdfNative.SetVarChunkCache(_handle.Id, variable.Id, (nuint)bytes, (nuint)slots, 1.0f);
        }

        Check(status, variable.Name, "set chunk cache");
    }

    /// <summary>Writes a text attribute; <paramref name="variable"/> null for a global attribute.</summary>
    public void PutAttribute(NetCdfVariable? variable, string name, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        int status;
        fixed (byte* p = bytes)
        {
            lock (NetCdfNative.Gate)
            {
                status = NetCdfNative.PutAttText(_handle.Id, variable?.Id ?? NetCdfNative.Global, name, (nuint)bytes.Length, p);
            }
        }

        Check(status, variable?.Name, $"write attribute {name}");
    }

    /// <summary>Writes a numeric attribute stored as <paramref name="type"/>.</summary>
    public void PutAttribute(NetCdfVariable? variable, string name, NetCdfType type, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int status;
        fixed (double* p = values)
        {
            lock (NetCdfNative.Gate)
            {
                status = NetCdfNative.PutAttDouble(_handle.Id, variable?.Id ?? NetCdfNative.Global, name, (int)type, (nuint)values.Length, p);
            }
        }

        Check(status, variable?.Name, $"write attribute {name}");
    }

    /// <summary>Leaves define mode.</summary>
    public void EndDefine()
    {
        int status;
        lock (NetCdfNative.Gate)
        {
            status = NetCdfNative.EndDef(_handle.Id);
        }

        Check(status, null, "end define mode");
    }

    /// <summary>Writes a hyperslab of float32 values.</summary>
    public void WriteFloat(NetCdfVariable variable, ReadOnlySpan<long> start, ReadOnlySpan<long> count, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(variable);
        fixed (float* pv = values)
        {
            nint source = (nint)pv;
            CallOnSlab(start, count, variable.Name, "write", (s, c) => NetCdfNative.PutVaraFloat(_handle.Id, variable.Id, s, c, (float*)source));
        }
    }

    /// <summary>Writes a hyperslab of float64 values.</summary>
    public void WriteDouble(NetCdfVariable variable, ReadOnlySpan<long> start, ReadOnlySpan<long> count, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(variable);
        fixed (double* pv = values)
        {
            nint source = (nint)pv;
            CallOnSlab(start, count, variable.Name, "write", (s, c) => NetCdfNative.PutVaraDouble(_handle.Id, variable.Id, s, c, (double*)source));
        }
    }

    /// <summary>Closes the file; for a file being written, a failed final flush is raised.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        _handle.Dispose();
        if (IsWritable && _handle.CloseStatus != NetCdfNative.NoErr)
        {
            throw new NetCdfException(FilePath, null, "close (flush)", _handle.CloseStatus);
        }
    }

    private void ReadMetadata()
    {
        int ndims, nvars, ngatts, unlimited, format;
        lock (NetCdfNative.Gate)
        {
            Check(NetCdfNative.Inq(_handle.Id, out ndims, out nvars, out ngatts, out unlimited), null, "inquire");
            Check(NetCdfNative.InqFormat(_handle.Id, out format), null, "inquire format");
        }

        Format = Enum.IsDefined(typeof(NetCdfFormat), format) ? (NetCdfFormat)format : NetCdfFormat.Unknown;
        byte* name = stackalloc byte[NetCdfNative.MaxName + 1];
        for (int d = 0; d < ndims; d++)
        {
            nuint length;
            lock (NetCdfNative.Gate)
            {
                Check(NetCdfNative.InqDim(_handle.Id, d, name, out length), null, $"inquire dimension {d}");
            }

            _dimensions.Add(new NetCdfDimension(d, Marshal.PtrToStringUTF8((nint)name)!, (long)length, d == unlimited));
        }

        GlobalAttributes = ReadAttributes(NetCdfNative.Global, ngatts, null);
        int* dimids = stackalloc int[NetCdfNative.MaxVarDims];
        for (int v = 0; v < nvars; v++)
        {
            int xtype, vdims, natts;
            lock (NetCdfNative.Gate)
            {
                Check(NetCdfNative.InqVar(_handle.Id, v, name, out xtype, out vdims, dimids, out natts), null, $"inquire variable {v}");
            }

            string varName = Marshal.PtrToStringUTF8((nint)name)!;
            var dims = new NetCdfDimension[vdims];
            for (int i = 0; i < vdims; i++)
            {
                dims[i] = _dimensions.First(d => d.Id == dimids[i]);
            }

            _variables[varName] = new NetCdfVariable(v, varName, (NetCdfType)xtype, dims, ReadAttributes(v, natts, varName));
        }
    }

    private Dictionary<string, NetCdfAttributeValue> ReadAttributes(int varid, int count, string? variable)
    {
        var attributes = new Dictionary<string, NetCdfAttributeValue>(StringComparer.Ordinal);
        byte* name = stackalloc byte[NetCdfNative.MaxName + 1];
        for (int a = 0; a < count; a++)
        {
            int xtype;
            nuint length;
            lock (NetCdfNative.Gate)
            {
                Check(NetCdfNative.InqAttName(_handle.Id, varid, a, name), variable, $"inquire attribute {a}");
            }

            string attName = Marshal.PtrToStringUTF8((nint)name)!;
            lock (NetCdfNative.Gate)
            {
                Check(NetCdfNative.InqAtt(_handle.Id, varid, attName, out xtype, out length), variable, $"inquire attribute {attName}");
            }

            attributes[attName] = ReadAttribute(varid, attName, (NetCdfType)xtype, (int)length, variable);
        }

        return attributes;
    }

    private NetCdfAttributeValue ReadAttribute(int varid, string name, NetCdfType type, int length, string? variable)
    {
        switch (type)
        {
            case NetCdfType.Char:
            {
                var bytes = new byte[length];
                fixed (byte* p = bytes)
                {
                    lock (NetCdfNative.Gate)
                    {
                        Check(NetCdfNative.GetAttText(_handle.Id, varid, name, p), variable, $"read attribute {name}");
                    }
                }

                return new NetCdfAttributeValue(name, type, Encoding.UTF8.GetString(bytes).TrimEnd('\0'), []);
            }

            case NetCdfType.String:
            {
                var pointers = new nint[length];
                var parts = new string[length];
                fixed (nint* p = pointers)
                {
                    lock (NetCdfNative.Gate)
                    {
                        Check(NetCdfNative.GetAttString(_handle.Id, varid, name, p), variable, $"read attribute {name}");
                        for (int i = 0; i < length; i++)
                        {
                            parts[i] = Marshal.PtrToStringUTF8(pointers[i]) ?? "";
                        }

                        _ = NetCdfNative.FreeString((nuint)length, p);
                    }
                }

                return new NetCdfAttributeValue(name, type, string.Join("\n", parts), []);
            }

            default:
            {
                var values = new double[length];
                fixed (double* p = values)
                {
                    lock (NetCdfNative.Gate)
                    {
                        Check(NetCdfNative.GetAttDouble(_handle.Id, varid, name, p), variable, $"read attribute {name}");
                    }
                }

                return new NetCdfAttributeValue(name, type, null, values);
            }
        }
    }

    private void CheckSlab(NetCdfVariable variable, ReadOnlySpan<long> start, ReadOnlySpan<long> count, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (start.Length != variable.Dimensions.Count || count.Length != variable.Dimensions.Count)
        {
            throw new DimensionMismatchException(FilePath, variable.Name,
                $"has {variable.Dimensions.Count} dimensions, a hyperslab of rank {start.Length} was requested.");
        }

        long total = 1;
        for (int i = 0; i < count.Length; i++)
        {
            if (start[i] < 0 || count[i] < 0 || start[i] + count[i] > variable.Dimensions[i].Length)
            {
                throw new DimensionMismatchException(FilePath, variable.Name,
                    $"hyperslab [{start[i]}, +{count[i]}) is outside dimension '{variable.Dimensions[i].Name}' of length {variable.Dimensions[i].Length}.");
            }

            total *= count[i];
        }

        if (total > destinationLength)
        {
            throw new ArgumentException($"Destination holds {destinationLength} values, the hyperslab has {total}.");
        }
    }

    private delegate int SlabCall(nuint* start, nuint* count);

    /// <summary>Converts a hyperslab to size_t arrays, calls netCDF-C under the gate, and checks the status.</summary>
    private void CallOnSlab(ReadOnlySpan<long> start, ReadOnlySpan<long> count, string variable, string operation, SlabCall call)
    {
        Span<nuint> s = stackalloc nuint[start.Length], c = stackalloc nuint[count.Length];
        ToNative(start, s);
        ToNative(count, c);
        int status;
        fixed (nuint* ps = s, pc = c)
        {
            lock (NetCdfNative.Gate)
            {
                NetCdfNative.QuietHdf5OnThisThread();
                status = call(ps, pc);
            }
        }

        Check(status, variable, operation);
    }

    private void Check(int status, string? variable, string operation)
    {
        if (status != NetCdfNative.NoErr)
        {
            throw new NetCdfException(FilePath, variable, operation, status);
        }
    }

    private static void ToNative(ReadOnlySpan<long> source, Span<nuint> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (nuint)source[i];
        }
    }
}
