using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Options;

namespace Monitor.Bench;

/// <summary>
/// Points per second of the service's InfluxDB path against its ceiling, in one run on one private influxd
/// (<see cref="BenchInfluxd"/>): the line protocol of real cycle reports (<see cref="ReportPoints.Lines"/> of
/// <c>--cycles</c> consecutive W1 cycles processed by the real <see cref="CycleProcessor"/>) (a) enqueued in the
/// service's <see cref="LineProtocolSpool"/> (one batch per cycle, written and fsynced) and delivered by
/// <see cref="LineProtocolSpool.FlushAsync"/> through <see cref="InfluxV1Writer"/>, the service's defaults (requests
/// of 5,000 lines); (b) the ceiling: the same lines, pre-encoded, in the same requests of 5,000 lines, POSTed raw to
/// <c>/write?precision=s</c> by one <see cref="HttpClient"/>. Each repetition writes both into fresh databases (so
/// both write new points), the order alternating; afterwards the points stored in both are counted and compared.
/// </summary>
internal static class SpoolThroughputBenchmark
{
    /// <summary>Options: cycles, repeat, warmup.</summary>
    public static readonly string[] Options = ["cycles", "repeat", "warmup"];

    private const int BatchLines = 5000;

    public static void Run(BenchArguments options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task RunAsync(BenchArguments options)
    {
        int cycleCount = options.Count("cycles", 8), repeat = options.Count("repeat", 5), warmup = options.Count("warmup", 1);
        var c = CultureInfo.InvariantCulture;
        List<(string Key, IReadOnlyList<string> Lines)> batches = [];
        string description;
        using (CycleWorkload workload = CycleWorkload.W1(cycleCount))
        {
            var processor = new CycleProcessor(workload.Resources, workload.Options);
            foreach (var cycle in workload.Cycles)
            {
                CycleReport report = processor.Process(cycle, workload.Files(cycle), null);
                batches.Add(($"cycle-{cycle}", ReportPoints.Lines(report)));
            }

            description = workload.Description;
        }

        int lines = batches.Sum(b => b.Lines.Count);
        long bytes = batches.Sum(b => b.Lines.Sum(l => (long)Encoding.UTF8.GetByteCount(l) + 1));
        Console.WriteLine($"### spool-throughput: {lines} line-protocol points of {cycleCount} W1 cycle reports");
        Console.WriteLine();
        Console.WriteLine(description + ".");
        Console.WriteLine();

        var contention = CpuContention.Start();
        using var http = new HttpClient();
        using BenchInfluxd server = await BenchInfluxd.StartAsync(http);
        Console.WriteLine(string.Create(c, $"influxd {server.Version} at {server.Url} (private: temporary directory, authentication off); " +
                                           $"{lines} points, {bytes / 1048576.0:F2} MB of line protocol, {batches.Count} batches (one per cycle), requests of {BatchLines} lines."));
        Console.WriteLine();
        // Raw request bodies, encoded before timing: the ceiling measures the server and HTTP only.
        byte[][] bodies = [.. batches.SelectMany(b => b.Lines.Chunk(BatchLines)).Select(chunk => Encoding.UTF8.GetBytes(string.Join('\n', chunk)))];

        var spool = new List<(double Enqueue, double Flush)>();
        var raw = new List<double>();
        (long Spool, long Raw) stored = (0, 0);
        for (int i = 0; i < warmup + repeat; i++)
        {
            string spoolDb = $"bench_spool_{i}", rawDb = $"bench_raw_{i}";
            await server.QueryAsync(http, $"CREATE DATABASE \"{spoolDb}\"");
            await server.QueryAsync(http, $"CREATE DATABASE \"{rawDb}\"");
            (double, double) s;
            double r;
            if (i % 2 == 0)
            {
                s = await SpoolAsync(http, server, spoolDb, batches);
                r = await RawAsync(http, server, rawDb, bodies);
            }
            else
            {
                r = await RawAsync(http, server, rawDb, bodies);
                s = await SpoolAsync(http, server, spoolDb, batches);
            }

            if (i >= warmup)
            {
                spool.Add(s);
                raw.Add(r);
            }

            if (i == warmup + repeat - 1)
            {
                stored = (await CountAsync(http, server, spoolDb), await CountAsync(http, server, rawDb));
            }
        }

        double[] enqueue = [.. spool.Select(s => s.Enqueue)], flush = [.. spool.Select(s => s.Flush)], total = [.. spool.Select(s => s.Enqueue + s.Flush)];
        double[] ratios = [.. spool.Zip(raw, (s, r) => (s.Enqueue + s.Flush) / r)];
        var table = new MarkdownTable("path", "min s", "median s", "max s", "points/s (median)", "time vs raw POST (median of pairs)");
        table.Add("spool: EnqueueAsync (one fsynced file per cycle)", F(enqueue.Min()), F(Median(enqueue)), F(enqueue.Max()), Rate(lines, Median(enqueue)), "");
        table.Add("spool: FlushAsync → InfluxV1Writer", F(flush.Min()), F(Median(flush)), F(flush.Max()), Rate(lines, Median(flush)), "");
        table.Add("**spool: enqueue + flush**", F(total.Min()), F(Median(total)), F(total.Max()), Rate(lines, Median(total)),
            MarkdownTable.Number(Median(ratios), "F2") + "×");
        table.Add("**ceiling: raw POST /write (pre-encoded)**", F(raw.Min()), F(Median([.. raw])), F(raw.Max()), Rate(lines, Median([.. raw])), "1.00×");
        Console.WriteLine($"{repeat} timed repetitions after {warmup} warm-up, each into two fresh databases, order alternating:");
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine(string.Create(c,
            $"**Spool throughput {lines / Median(total):N0} points/s = {Median([.. raw]) / Median(total):F2} of the raw POST's {lines / Median([.. raw]):N0} points/s** " +
            $"(median of per-pair time ratios spool/raw: {Median(ratios):F2}×). Points stored in the last repetition: spool {stored.Spool}, raw {stored.Raw} " +
            $"({(stored.Spool == stored.Raw ? "equal" : "DIFFERENT")}; fewer than the {lines} lines only where two lines are the same series and time)."));
        Console.WriteLine();
        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    private static async Task<(double Enqueue, double Flush)> SpoolAsync(HttpClient http, BenchInfluxd server, string database,
        List<(string Key, IReadOnlyList<string> Lines)> batches)
    {
        string directory = Directory.CreateTempSubdirectory("v2v-bench-spool-").FullName;
        try
        {
            using var spool = new LineProtocolSpool(directory, 512L << 20, BatchLines, TimeProvider.System);
            var writer = new InfluxV1Writer(http, new InfluxOptions { Url = server.Url, Api = InfluxApi.V1, Database = database, TimeoutSeconds = 60 });
            long t0 = Stopwatch.GetTimestamp();
            foreach ((string key, IReadOnlyList<string> lines) in batches)
            {
                await spool.EnqueueAsync(key, lines);
            }

            double enqueue = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            t0 = Stopwatch.GetTimestamp();
            SpoolFlushResult result = await spool.FlushAsync(writer);
            double flush = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (result.StoppedBy is not null || result.Rejected.Count > 0 || result.DeliveredBatches != batches.Count)
            {
                throw new InvalidOperationException($"The spool did not deliver everything: {result.DeliveredBatches} of {batches.Count} batches, " +
                                                    $"{result.Rejected.Count} rejected, stopped by {result.StoppedBy?.Message ?? "nothing"}.");
            }

            return (enqueue, flush);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<double> RawAsync(HttpClient http, BenchInfluxd server, string database, byte[][] bodies)
    {
        var uri = new Uri($"{server.Url}/write?db={Uri.EscapeDataString(database)}&precision=s");
        long t0 = Stopwatch.GetTimestamp();
        foreach (byte[] body in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            using HttpResponseMessage response = await http.PostAsync(uri, content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"raw POST refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>Points stored in <paramref name="database"/>: the count of the <c>cycle</c> field, which every point has, over all measurements.</summary>
    private static async Task<long> CountAsync(HttpClient http, BenchInfluxd server, string database)
    {
        string json = await server.SelectAsync(http, $"SELECT count(\"{PointSchema.CycleField}\") FROM /.*/", database);
        using JsonDocument document = JsonDocument.Parse(json);
        long count = 0;
        foreach (JsonElement result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("series", out JsonElement series))
            {
                continue;
            }

            foreach (JsonElement s in series.EnumerateArray())
            {
                foreach (JsonElement row in s.GetProperty("values").EnumerateArray())
                {
                    count += row[1].GetInt64();
                }
            }
        }

        return count;
    }

    private static double Median(double[] values) => TimingSummary.Of(values).Median;

    private static string F(double seconds) => MarkdownTable.Number(seconds, "F3");

    private static string Rate(int points, double seconds) => MarkdownTable.Number(points / seconds, "N0");
}
