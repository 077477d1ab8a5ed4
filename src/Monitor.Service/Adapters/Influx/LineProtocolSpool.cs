using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Monitor.Service.Adapters.Influx;

/// <summary>
/// A durable, lossless queue of line-protocol batches on disk, delivered oldest first.
/// </summary>
/// <remarks>
/// <para>Each batch is one file <c>{sequence:D16}.lp</c>: a header comment (<c># v2v-spool key=… enqueued=…</c>, which
/// InfluxDB also ignores) and the lines. It is written to a <c>.tmp</c> file, flushed to disk and renamed, so a crash
/// leaves either the whole batch or none of it. Re-enqueuing a pending key writes the new content under a new sequence
/// number and then deletes the older file; a crash in between leaves both, and delivering both in order still ends
/// with the newer points (InfluxDB keeps the last write of a series and timestamp), so the replacement is idempotent.</para>
/// <para>A file is deleted only after the server accepted all its lines; a crash between acceptance and deletion
/// re-sends the batch, which rewrites the same points and creates no duplicate. The first transient failure stops
/// the flush so that order is kept; lines the server refuses (400) move to <c>rejected/</c> with a <c>.reason</c> file;
/// refused credentials or a missing database stop the flush and keep everything pending.</para>
/// <para>One spool directory belongs to one process.</para>
/// </remarks>
internal sealed class LineProtocolSpool : IDisposable
{
    /// <summary>The configuration key of the quota, named in <see cref="Monitor.Core.Monitoring.Ports.SinkFullException"/>.</summary>
    public const string QuotaKey = "Influx:SpoolQuotaMegabytes";

    private const string Extension = ".lp";
    private const string TempExtension = ".tmp";
    private const string HeaderPrefix = "# v2v-spool ";

    private readonly SortedDictionary<long, SpoolEntry> _pending = [];
    private readonly Dictionary<string, long> _sequenceByKey = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly TimeProvider _time;
    private long _nextSequence;
    private long _pendingBytes;
    private long _pendingLines;
    private bool _refusedSinceDelivery;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastDeliveryAt;

    /// <summary>Opens (or creates) the spool in <paramref name="directory"/>, picking up batches a previous run left.</summary>
    /// <param name="directory">The spool folder (the service uses <c>data/state/spool/influx</c>).</param>
    /// <param name="quotaBytes">The most pending batches may occupy, in bytes.</param>
    /// <param name="batchLines">Lines per write request when flushing.</param>
    /// <param name="time">The clock for enqueue times and status ages.</param>
    public LineProtocolSpool(string directory, long quotaBytes, int batchLines, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quotaBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchLines);
        ArgumentNullException.ThrowIfNull(time);
        DirectoryPath = Path.GetFullPath(directory);
        QuotaBytes = quotaBytes;
        BatchLines = batchLines;
        _time = time;
        Directory.CreateDirectory(DirectoryPath);
        Recover();
    }

    /// <summary>The spool folder.</summary>
    public string DirectoryPath { get; }

    /// <summary>Where refused batches go.</summary>
    public string RejectedPath => Path.Combine(DirectoryPath, "rejected");

    /// <summary>The quota in bytes.</summary>
    public long QuotaBytes { get; }

    /// <summary>Lines per write request.</summary>
    public int BatchLines { get; }

    /// <summary>Stores <paramref name="lines"/> durably under <paramref name="batchKey"/>, replacing a pending batch with that key.</summary>
    /// <exception cref="Monitor.Core.Monitoring.Ports.SinkFullException">The batch would take the spool past its quota.</exception>
    /// <exception cref="ArgumentException">A line contains a line break.</exception>
    public async Task EnqueueAsync(string batchKey, IReadOnlyList<string> lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchKey);
        ArgumentNullException.ThrowIfNull(lines);
        byte[] content = Encode(batchKey, lines, _time.GetUtcNow());
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SpoolEntry? replaced = _sequenceByKey.TryGetValue(batchKey, out long old) ? _pending[old] : null;
            long after = _pendingBytes - (replaced?.Bytes ?? 0) + content.Length;
            if (after > QuotaBytes)
            {
                _refusedSinceDelivery = true;
                throw new Core.Monitoring.Ports.SinkFullException(FullMessage(batchKey, content.Length));
            }

            long sequence = _nextSequence++;
            string path = Path.Combine(DirectoryPath, FileName(sequence));
            string temp = path + TempExtension;
            var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 65536, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
            if (replaced is not null)
            {
                Remove(replaced);
                File.Delete(replaced.Path);
            }

            Add(new SpoolEntry(sequence, batchKey, path, content.Length, CountLines(lines), _time.GetUtcNow()));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delivers pending batches oldest first in requests of <see cref="BatchLines"/> lines until the spool is empty or
    /// a failure stops it (the failure is returned, not thrown). One flush runs at a time.
    /// </summary>
    public async Task<SpoolFlushResult> FlushAsync(IInfluxWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        long started = Stopwatch.GetTimestamp();
        var rejected = new List<SpoolRejection>();
        int batches = 0;
        long delivered = 0;
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (SpoolEntry entry in await SnapshotAsync(cancellationToken).ConfigureAwait(false))
            {
                List<string>? lines = await ReadLinesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
                if (lines is null)
                {
                    continue; // replaced by a newer enqueue of the same key since the snapshot
                }

                int sent = 0;
                try
                {
                    for (; sent < lines.Count; sent += BatchLines)
                    {
                        await writer.WriteAsync(lines.GetRange(sent, Math.Min(BatchLines, lines.Count - sent)), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (InfluxRequestException e) when (e.RejectsBatch)
                {
                    rejected.Add(await RejectAsync(entry, writer.Describe(), sent, lines.Count, e, cancellationToken).ConfigureAwait(false));
                    continue;
                }
                catch (InfluxRequestException e)
                {
                    await RecordErrorAsync(e, cancellationToken).ConfigureAwait(false);
                    return new SpoolFlushResult(batches, delivered, rejected, e, Stopwatch.GetElapsedTime(started));
                }

                await DeliveredAsync(entry, cancellationToken).ConfigureAwait(false);
                batches++;
                delivered += lines.Count;
            }

            return new SpoolFlushResult(batches, delivered, rejected, null, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>A snapshot for health checks and metrics.</summary>
    public SpoolStatus GetStatus()
    {
        _gate.Wait();
        try
        {
            DateTimeOffset now = _time.GetUtcNow();
            TimeSpan? oldest = _pending.Count == 0 ? null : now - _pending.Values.Min(e => e.EnqueuedAt);
            int rejected = Directory.Exists(RejectedPath) ? Directory.GetFiles(RejectedPath, "*" + Extension).Length : 0;
            return new SpoolStatus(DirectoryPath, _pending.Count, _pendingLines, _pendingBytes, QuotaBytes,
                _refusedSinceDelivery || _pendingBytes >= QuotaBytes, oldest, rejected, _lastError, _lastErrorAt, _lastDeliveryAt);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _gate.Dispose();
        _flushGate.Dispose();
    }

    private static string FileName(long sequence) => sequence.ToString("D16", CultureInfo.InvariantCulture) + Extension;

    private static int CountLines(IEnumerable<string> lines) => lines.Count(IsPoint);

    private static bool IsPoint(string line) => line.Length > 0 && line[0] != '#';

    private static byte[] Encode(string batchKey, IReadOnlyList<string> lines, DateTimeOffset enqueued)
    {
        var text = new StringBuilder();
        text.Append(HeaderPrefix).Append("key=").Append(Uri.EscapeDataString(batchKey))
            .Append(" enqueued=").Append(enqueued.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                throw new ArgumentException($"Line {i} of the batch contains a line break; line protocol takes one point per line: {line}", nameof(lines));
            }

            text.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<List<string>?> ReadLinesAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            string[] all = await File.ReadAllLinesAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            return [.. all.Where(IsPoint)];
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private string FullMessage(string batchKey, long batchBytes)
    {
        string lastDelivery = _lastDeliveryAt is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never";
        return string.Create(CultureInfo.InvariantCulture,
            $"The InfluxDB spool at {DirectoryPath} holds {_pendingBytes} bytes in {_pending.Count} undelivered batches; batch '{batchKey}' ({batchBytes} bytes) would exceed the quota of {QuotaBytes} bytes ({QuotaKey} = {QuotaBytes / 1048576.0:0.######}). Last delivery: {lastDelivery}; last error: {_lastError ?? "none"}. Restore the InfluxDB server (the spool drains on the next flush) or raise {QuotaKey}.");
    }

    private void Recover()
    {
        foreach (string temp in Directory.EnumerateFiles(DirectoryPath, "*" + Extension + TempExtension))
        {
            File.Delete(temp); // an enqueue that never completed; its caller saw the failure
        }

        long highest = -1;
        foreach (string path in Directory.EnumerateFiles(DirectoryPath, "*" + Extension)
                     .Concat(Directory.Exists(RejectedPath) ? Directory.EnumerateFiles(RejectedPath, "*" + Extension) : []))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
            {
                highest = Math.Max(highest, sequence);
            }
        }

        _nextSequence = highest + 1;
        foreach (string path in Directory.EnumerateFiles(DirectoryPath, "*" + Extension).Order(StringComparer.Ordinal))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
            {
                continue;
            }

            (string key, DateTimeOffset enqueued, int lines) = ReadHeader(path);
            if (_sequenceByKey.TryGetValue(key, out long older))
            {
                // A crash during a replacement left both files; the newer one (this) is complete and supersedes it.
                SpoolEntry stale = _pending[older];
                Remove(stale);
                File.Delete(stale.Path);
            }

            Add(new SpoolEntry(sequence, key, path, new FileInfo(path).Length, lines, enqueued));
        }
    }

    private static (string Key, DateTimeOffset Enqueued, int Lines) ReadHeader(string path)
    {
        string key = Path.GetFileName(path);
        DateTimeOffset enqueued = File.GetLastWriteTimeUtc(path);
        int lines = 0;
        bool first = true;
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            if (first && line.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            {
                foreach (string part in line[HeaderPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (part.StartsWith("key=", StringComparison.Ordinal))
                    {
                        key = Uri.UnescapeDataString(part[4..]);
                    }
                    else if (part.StartsWith("enqueued=", StringComparison.Ordinal)
                             && long.TryParse(part[9..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms))
                    {
                        enqueued = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    }
                }
            }
            else if (IsPoint(line))
            {
                lines++;
            }

            first = false;
        }

        return (key, enqueued, lines);
    }

    private async Task<IReadOnlyList<SpoolEntry>> SnapshotAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return [.. _pending.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DeliveredAsync(SpoolEntry entry, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pending.TryGetValue(entry.Sequence, out SpoolEntry? current) && current == entry)
            {
                File.Delete(entry.Path);
                Remove(entry);
            }

            _lastDeliveryAt = _time.GetUtcNow();
            _refusedSinceDelivery = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SpoolRejection> RejectAsync(SpoolEntry entry, string destination, int sentLines, int totalLines, InfluxRequestException error,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(RejectedPath);
            string target = Path.Combine(RejectedPath, Path.GetFileName(entry.Path));
            string reason = string.Create(CultureInfo.InvariantCulture, $"""
                batch-key: {entry.BatchKey}
                rejected-at: {_time.GetUtcNow():O}
                destination: {destination}
                http-status: {error.StatusCode}
                lines: {totalLines} (requests of {BatchLines}; the {sentLines} lines before the refused request were accepted; InfluxDB 1.x also keeps the valid points of a partially refused request)
                server-reply: {error.ServerReply}
                Fix the lines and re-send the file (docs/influxdb.md), then delete it and this file.

                """);
            await File.WriteAllTextAsync(target + ".reason", reason, cancellationToken).ConfigureAwait(false);
            if (File.Exists(entry.Path))
            {
                File.Move(entry.Path, target, overwrite: true);
            }

            if (_pending.TryGetValue(entry.Sequence, out SpoolEntry? current) && current == entry)
            {
                Remove(entry);
            }

            RecordError(error);
            return new SpoolRejection(entry.BatchKey, target, error);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RecordErrorAsync(InfluxRequestException error, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RecordError(error);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void RecordError(InfluxRequestException error)
    {
        _lastError = error.Message;
        _lastErrorAt = _time.GetUtcNow();
    }

    private void Add(SpoolEntry entry)
    {
        _pending.Add(entry.Sequence, entry);
        _sequenceByKey[entry.BatchKey] = entry.Sequence;
        _pendingBytes += entry.Bytes;
        _pendingLines += entry.Lines;
    }

    private void Remove(SpoolEntry entry)
    {
        _pending.Remove(entry.Sequence);
        if (_sequenceByKey.TryGetValue(entry.BatchKey, out long sequence) && sequence == entry.Sequence)
        {
            _sequenceByKey.Remove(entry.BatchKey);
        }

        _pendingBytes -= entry.Bytes;
        _pendingLines -= entry.Lines;
    }
}
