using System.Runtime.InteropServices;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.NetCdf;

/// <summary>
/// HDF5 keeps its "print errors automatically" switch per thread, and netCDF-C turns it off only on its first thread:
/// a read on a fresh thread must not print HDF5-DIAG traces to the process's stderr (the service's log).
/// </summary>
public sealed partial class Hdf5DiagnosticsTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadOnAFreshThread_PrintsNothingToStderr()
    {
        string path = _dir.File("cycle.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(CycleId.Parse("2026112500"), [0, 6], [new("t2m"), new("z", 500)], withStatics: true), path);
        string captured = _dir.File("stderr.txt");

        int saved = Dup(2);
        int file = Open(captured, 0x41 | 0x200, 420);   // O_WRONLY | O_CREAT | O_TRUNC, 0644
        Assert.Equal(2, Dup2(file, 2));
        try
        {
            var reader = new Thread(() =>
            {
                using NetCdfDataset dataset = NetCdfDataset.Open(path);
                foreach (DatasetVariable variable in dataset.Variables)
                {
                    dataset.ReadField(variable, 1, variable.LevelsHpa.Count > 0 ? 500 : null);
                }
            });
            reader.Start();
            reader.Join();
        }
        finally
        {
            _ = Dup2(saved, 2);
            _ = Close(file);
            _ = Close(saved);
        }

        Assert.DoesNotContain("HDF5-DIAG", File.ReadAllText(captured), StringComparison.Ordinal);
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int fd, int target);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
