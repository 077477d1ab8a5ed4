using System.Text;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The same options give the same archive: the files are byte-identical except for the timestamp in the netCDF
/// <c>history</c> attribute (and the HDF5 checksum over it), which ncdump and the decoded arrays confirm; a different
/// seed gives different weather.
/// </summary>
public sealed class DeterminismTests : IDisposable
{
    private const string HistorySuffix = " written by v2vmonitor";
    private const int TimestampLength = 20;   // yyyy-MM-ddTHH:mm:ssZ

    private readonly TemporaryDirectory _first = new();
    private readonly TemporaryDirectory _second = new();
    private readonly TemporaryDirectory _otherSeed = new();
    private readonly ITestOutputHelper _output;

    public DeterminismTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _otherSeed.Dispose();
    }

    [Fact]
    public void SameOptions_GiveIdenticalFiles_ExceptTheHistoryTimestamp()
    {
        GeneratorOptions a = Options(_first.Path, seed: 9);
        Geography geography = GeographyBuilder.Build(a.Grid);
        ArchiveGenerator.Generate(a, geography);
        Thread.Sleep(1100);   // let the history timestamps differ, so the test sees where they are
        ArchiveGenerator.Generate(a with { OutputDirectory = _second.Path }, geography);

        string[] files = [.. Directory.EnumerateFiles(_first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_first.Path, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(files, Directory.EnumerateFiles(_second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_second.Path, f)).Order(StringComparer.Ordinal));
        Assert.Contains(Path.Combine(GroundTruthWriter.Folder, "events.json"), files);
        int netCdf = 0;
        foreach (string file in files)
        {
            byte[] x = File.ReadAllBytes(Path.Combine(_first.Path, file)), y = File.ReadAllBytes(Path.Combine(_second.Path, file));
            if (!file.EndsWith(".nc", StringComparison.Ordinal))
            {
                Assert.True(x.AsSpan().SequenceEqual(y), $"{file} differs");
                continue;
            }

            netCdf++;
            Assert.Equal(x.Length, y.Length);
            int[] differing = [.. Enumerable.Range(0, x.Length).Where(i => x[i] != y[i])];
            int history = IndexOf(x, HistorySuffix);
            Assert.True(history >= TimestampLength, $"{file}: no history attribute found");
            Assert.Equal(history, IndexOf(y, HistorySuffix));
            // Besides the timestamp, only the checksum of the object header holding the attribute may differ: HDF5
            // closes every v2 object header ("OHDR") with the lookup3 hash of its bytes, little-endian.
            int[] outside = [.. differing.Where(i => i < history - TimestampLength || i >= history)];
            Assert.Contains(differing, i => i >= history - TimestampLength && i < history);   // a second apart: the timestamps differ
            if (outside.Length > 0)
            {
                int header = x.AsSpan(0, history).LastIndexOf("OHDR"u8);
                Assert.True(header >= 0 && outside.Max() - outside.Min() < 4, $"{file}: bytes {string.Join(", ", outside)} differ outside the history timestamp");
                int checksum = Enumerable.Range(outside.Max() - 3, 4 - (outside.Max() - outside.Min()))
                    .FirstOrDefault(p => p > header && IsChecksum(x, header, p) && IsChecksum(y, header, p), -1);
                Assert.True(checksum > 0, $"{file}: bytes {string.Join(", ", outside)} differ and are not the header checksum");
            }
            string dumpA = WithoutHistory(ExternalTool.Run("ncdump", [Path.Combine(_first.Path, file)]));
            string dumpB = WithoutHistory(ExternalTool.Run("ncdump", [Path.Combine(_second.Path, file)]));
            Assert.Equal(dumpA, dumpB);
        }

        _output.WriteLine($"{files.Length} files, {netCdf} netCDF: identical but for the history timestamps");
        Assert.Equal(a.Cycles().Count(), netCdf);
    }

    [Fact]
    public void SameOptions_GiveIdenticalDecodedArrays_AndAnotherSeed_DifferentWeather()
    {
        GeneratorOptions a = Options(_first.Path, seed: 9);
        Geography geography = GeographyBuilder.Build(a.Grid);
        ArchiveGenerator.Generate(a, geography);
        ArchiveGenerator.Generate(a with { OutputDirectory = _second.Path }, geography);
        ArchiveGenerator.Generate(a with { OutputDirectory = _otherSeed.Path, Seed = 10 }, geography);
        var assembler = new CycleAssembler();

        foreach (CycleId cycle in a.Cycles())
        {
            CycleData first = Read(_first.Path), second = Read(_second.Path), other = Read(_otherSeed.Path);
            Assert.True(first.Values.SequenceEqual(second.Values), $"{cycle}: decoded values differ between identical runs");
            Assert.Equal(first.Statics!.OrographyM, other.Statics!.OrographyM);
            foreach (VariableId variable in new[] { ModelOutput.Msl, ModelOutput.T2m, ModelOutput.Z500, ModelOutput.Tcc })
            {
                ReadOnlySpan<float> f = first.Field(0, first.IndexOf(variable)), g = other.Field(0, other.IndexOf(variable));
                int same = 0;
                for (int i = 0; i < f.Length; i++)
                {
                    same += f[i] == g[i] ? 1 : 0;
                }

                Assert.True(same < f.Length / 10, $"{cycle} {variable}: {same} of {f.Length} cells equal under another seed");
            }

            // The sun does not depend on the seed.
            Assert.True(first.Field(0, first.IndexOf(ModelOutput.Tisr)).SequenceEqual(other.Field(0, other.IndexOf(ModelOutput.Tisr))));

            CycleData Read(string directory) => assembler.Assemble(cycle, [ArchiveGenerator.CycleFile(directory, cycle)]).Data;
        }

        Assert.NotEqual(File.ReadAllText(Path.Combine(_first.Path, GroundTruthWriter.Folder, "regimes.csv")),
            File.ReadAllText(Path.Combine(_otherSeed.Path, GroundTruthWriter.Folder, "regimes.csv")));
    }

    private static GeneratorOptions Options(string directory, long seed) => new()
    {
        Grid = SyntheticGrids.Global5625,
        From = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        To = new DateTime(2026, 3, 1, 18, 0, 0, DateTimeKind.Utc),
        LeadHours = [0, 6, 12],
        Seed = seed,
        OutputDirectory = directory,
    };

    private static bool IsChecksum(byte[] file, int start, int position) =>
        Lookup3.Hash(file.AsSpan(start, position - start)) == BitConverter.ToUInt32(file, position);

    private static int IndexOf(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle));

    private static string WithoutHistory(string dump) =>
        string.Join('\n', dump.Split('\n').Where(l => !l.TrimStart().StartsWith(":history = ", StringComparison.Ordinal)));
}
