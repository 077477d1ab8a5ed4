using System.Diagnostics;
using Monitor.Core.Formats.Cf;
using Monitor.Core.Formats.NetCdf;

namespace Monitor.Bench;

/// <summary>
/// Decoding a large deflated netCDF-4 file field by field: our <see cref="NetCdfDataset"/> against python3-netcdf4
/// on the same file, in the same run. Both read from the page cache (each does an untimed warm-up pass first).
/// </summary>
internal static class NetCdfDecodeBenchmark
{
    private const int Latitudes = 721;
    private const int Longitudes = 1440;

    /// <summary>Runs the benchmark and prints its tables.</summary>
    public static void Run(BenchArguments options)
    {
        string directory = options.Text("dir", "/tmp/v2v-bench");
        int leads = options.Count("leads", 13), variables = options.Count("vars", 10), repeat = options.Count("repeat", 3);
        string path = Path.Combine(directory, $"netcdf-decode-{leads}x{variables}-{Latitudes}x{Longitudes}.nc");
        EnsureFile(path, leads, variables);

        long fieldBytes = (long)Latitudes * Longitudes * sizeof(float);
        long decodedBytes = fieldBytes * leads * variables;
        long fileBytes = new FileInfo(path).Length;
        Console.WriteLine($"File: {path}");
        Console.WriteLine($"  {leads} leads × {variables} variables × {Latitudes}×{Longitudes} float32, deflate 4 + shuffle, one field per chunk");
        Console.WriteLine($"  {Mb(fileBytes)} MB on disk, {Mb(decodedBytes)} MB decoded (ratio {MarkdownTable.Number((double)decodedBytes / fileBytes, "0.00")})");
        Console.WriteLine("  Read from the page cache by both readers (each does one untimed warm-up pass); not a cold-disk figure.");
        Console.WriteLine();

        var contention = CpuContention.Start();
        OurResult ours = MeasureOurs(path, repeat);
        PeerResult masked = PythonPeer.Read(path, repeat, "masked");
        PeerResult filled = PythonPeer.Read(path, repeat, "filled");
        PeerResult raw = PythonPeer.Read(path, repeat, "raw");
        Console.WriteLine($"Peer: python3-netcdf4 {masked.NetCdf4Python} (netCDF-C {masked.NetCdfC}, HDF5 {masked.Hdf5}, numpy {masked.Numpy}); " +
                          $"ours: netCDF-C {NetCdfFile.LibraryVersion}");
        Console.WriteLine($"Timed passes: {repeat} per reader (median and best of them); one pass = {leads * variables} fields.");
        Console.WriteLine();

        TimingSummary peer = TimingSummary.Of(masked.Seconds);
        var table = new MarkdownTable("Reader", "What is timed", "median s", "best s", "MB/s (median)", "MB/s (best)", "time vs peer");
        Row(table, "**ours** `NetCdfDataset.ReadFieldInto`", "decoded float32, fill → NaN", ours.Full, peer, decodedBytes);
        Row(table, "**peer** netCDF4 `var[t, :, :]`", "decoded, masked array (auto mask/scale on)", peer, peer, decodedBytes);
        Row(table, "peer + `.filled(nan)`", "as ours: plain float32 array, NaN for fill", TimingSummary.Of(filled.Seconds), peer, decodedBytes);
        Row(table, "ours, `NetCdfFile.ReadFloat` only", "netCDF-C read, no CF decoding", ours.RawRead, peer, decodedBytes);
        Row(table, "peer, auto mask/scale off", "netCDF-C read, no masking", TimingSummary.Of(raw.Seconds), peer, decodedBytes);
        Console.WriteLine(table);

        double perField = 1000.0 / (leads * variables);
        var split = new MarkdownTable("Step (ours, per field)", "median ms", "share of ReadFieldInto");
        split.Add("open + CF metadata (`NetCdfDataset.Open`, once per file)", MarkdownTable.Number(ours.Open * 1000, "0.0") + " (per file)", "–");
        split.Add("netCDF-C `nc_get_vara_float` (inflate, unshuffle, copy)", MarkdownTable.Number(ours.RawRead.Median * perField, "0.00"),
            Percent(ours.RawRead.Median, ours.Full.Median));
        split.Add("`CfPacking.For` + `Decode` (fill → NaN), measured alone", MarkdownTable.Number(ours.Decode.Median * perField, "0.00"),
            Percent(ours.Decode.Median, ours.Full.Median));
        split.Add("rest of `ReadFieldInto` (arrange, checks; by difference)",
            MarkdownTable.Number((ours.Full.Median - ours.RawRead.Median - ours.Decode.Median) * perField, "0.00"),
            Percent(ours.Full.Median - ours.RawRead.Median - ours.Decode.Median, ours.Full.Median));
        split.Add("total `ReadFieldInto`", MarkdownTable.Number(ours.Full.Median * perField, "0.00"), "100 %");
        split.Add("*for comparison:* fill → NaN with `Vector<float>` (bench-only sketch, not in src)",
            MarkdownTable.Number(ours.Sketch.Median * perField, "0.00"), Percent(ours.Sketch.Median, ours.Full.Median));
        Console.WriteLine(split);
        Console.WriteLine($"Check: ours decoded {ours.NaNs} NaN values in the last pass (the file has no fill values).");
        Console.WriteLine(contention.Describe());
        Console.WriteLine($"Result: ours/peer time = {MarkdownTable.Number(ours.Full.Median / peer.Median, "0.00")}× (goal ≤ 1.20×).");
        Console.WriteLine();
    }

    private static void EnsureFile(string path, int leads, int variables)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Console.WriteLine($"Writing {path} with python3-netcdf4 (once; cached) …");
        long start = Stopwatch.GetTimestamp();
        PythonPeer.Write(path, leads, variables);
        Console.WriteLine($"  written in {MarkdownTable.Number(Stopwatch.GetElapsedTime(start).TotalSeconds, "0.0")} s");
    }

    private static OurResult MeasureOurs(string path, int repeat)
    {
        long openStart = Stopwatch.GetTimestamp();
        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        double open = Stopwatch.GetElapsedTime(openStart).TotalSeconds;

        DatasetVariable[] variables = [.. dataset.Variables];
        int leads = variables[0].Times.Count;
        var buffer = new float[Latitudes * Longitudes];

        TimingSummary full = TimingSummary.Measure(() =>
        {
            foreach (DatasetVariable variable in variables)
            {
                for (int t = 0; t < leads; t++)
                {
                    dataset.ReadFieldInto(variable, t, null, buffer);
                }
            }
        }, warmup: 1, repeat);
        int nans = buffer.Count(float.IsNaN);

        // The netCDF-C share: the same hyperslab reads through NetCdfFile, without CF decoding.
        NetCdfVariable[] raw = [.. variables.Select(v => dataset.File.Variable(v.FileName))];
        long[] count = [1, Latitudes, Longitudes];
        TimingSummary rawRead = TimingSummary.Measure(() =>
        {
            foreach (NetCdfVariable variable in raw)
            {
                for (int t = 0; t < leads; t++)
                {
                    dataset.File.ReadFloat(variable, [t, 0, 0], count, buffer);
                }
            }
        }, warmup: 1, repeat);

        // The CF decoding share, alone: decode a copy of one raw field per variable, leads times (the copy is subtracted).
        float[][] fields = [.. raw.Select(v =>
        {
            var field = new float[Latitudes * Longitudes];
            dataset.File.ReadFloat(v, [0, 0, 0], count, field);
            return field;
        })];
        TimingSummary copyAndDecode = TimingSummary.Measure(() => DecodeAll(raw, fields, buffer, leads, decode: true), warmup: 1, repeat);
        TimingSummary copyOnly = TimingSummary.Measure(() => DecodeAll(raw, fields, buffer, leads, decode: false), warmup: 1, repeat);
        var decode = new TimingSummary(copyAndDecode.Median - copyOnly.Median, copyAndDecode.Min - copyOnly.Min, repeat);
        TimingSummary copyAndSketch = TimingSummary.Measure(() => DecodeAll(raw, fields, buffer, leads, decode: false, sketch: true), warmup: 1, repeat);
        var sketch = new TimingSummary(copyAndSketch.Median - copyOnly.Median, copyAndSketch.Min - copyOnly.Min, repeat);
        return new OurResult(open, full, rawRead, decode, sketch, nans);
    }

    private static void DecodeAll(NetCdfVariable[] variables, float[][] fields, float[] buffer, int leads, bool decode, bool sketch = false)
    {
        const float DefaultFloatFill = 9.96921e36f;
        for (int v = 0; v < variables.Length; v++)
        {
            for (int t = 0; t < leads; t++)
            {
                fields[v].CopyTo(buffer, 0);
                if (decode)
                {
                    CfPacking.For(variables[v]).Decode(buffer);
                }
                else if (sketch)
                {
                    FillToNaNSketch.Apply(buffer, DefaultFloatFill);
                }
            }
        }
    }

    private static void Row(MarkdownTable table, string reader, string what, TimingSummary timing, TimingSummary peer, long bytes) =>
        table.Add(reader, what, MarkdownTable.Number(timing.Median, "0.000"), MarkdownTable.Number(timing.Min, "0.000"),
            MarkdownTable.Number(bytes / 1e6 / timing.Median, "0"), MarkdownTable.Number(bytes / 1e6 / timing.Min, "0"),
            MarkdownTable.Number(timing.Median / peer.Median, "0.00") + "×");

    private static string Percent(double part, double whole) => MarkdownTable.Number(100 * part / whole, "0") + " %";

    private static string Mb(long bytes) => MarkdownTable.Number(bytes / 1e6, "0.0");

    private sealed record OurResult(double Open, TimingSummary Full, TimingSummary RawRead, TimingSummary Decode, TimingSummary Sketch, int NaNs);
}
