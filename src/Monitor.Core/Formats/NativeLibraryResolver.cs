using System.Reflection;
using System.Runtime.InteropServices;

namespace Monitor.Core.Formats;

/// <summary>
/// Resolves the native format libraries by their versioned names, so that only Debian's runtime packages are needed
/// (<c>libnetcdf19</c>, <c>libeccodes0</c>), not the <c>-dev</c> packages that carry the unversioned <c>.so</c>.
/// </summary>
internal static class NativeLibraryResolver
{
    /// <summary>Library name used in <c>LibraryImport</c> for netCDF-C.</summary>
    public const string NetCdf = "netcdf";

    /// <summary>Library name used in <c>LibraryImport</c> for ecCodes.</summary>
    public const string EcCodes = "eccodes";

    /// <summary>Library name used in <c>LibraryImport</c> for HDF5 (under netCDF-4).</summary>
    public const string Hdf5 = "hdf5";

    private static readonly Dictionary<string, (string[] Candidates, string Package)> s_libraries = new()
    {
        [NetCdf] = (["libnetcdf.so.19", "libnetcdf.so.22", "libnetcdf.so.18", "libnetcdf.so.15", "libnetcdf.so"], "libnetcdf19"),
        [EcCodes] = (["libeccodes.so.0", "libeccodes.so"], "libeccodes0"),
        [Hdf5] = (["libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5_serial.so", "libhdf5.so"], "libhdf5-103-1"),
    };

    private static int s_registered;

    /// <summary>Registers the resolver for this assembly once; called from the bindings' static constructors.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!s_libraries.TryGetValue(libraryName, out var library))
        {
            return 0;
        }

        foreach (string candidate in library.Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out nint handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"The native library {library.Candidates[0]} was not found. Install the Debian package {library.Package} " +
            $"(scripts/install-deps.sh does this), or put one of {string.Join(", ", library.Candidates)} on the loader path.");
    }
}
