using System.Collections.Concurrent;

namespace Monitor.Service.Tests.State;

/// <summary>What test jobs report: every execution (which host ran it, when, with what data) and how many overlapped.</summary>
internal sealed class JobProbe : IDisposable
{
    private readonly ConcurrentQueue<JobRun> _runs = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _running;
    private int _maxRunning;

    public IReadOnlyList<JobRun> Runs => [.. _runs];

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public IDisposable Enter()
    {
        int now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }

        return new Exit(this);
    }

    public void Record(JobRun run)
    {
        _runs.Enqueue(run);
        _signal.Release();
    }

    /// <summary>Waits until <paramref name="count"/> runs in total have been recorded; fails the test after a generous timeout.</summary>
    public async Task WaitForRunsAsync(int count, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (_runs.Count < count)
        {
            try
            {
                await _signal.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Expected {count} job runs within the timeout, saw {_runs.Count}.");
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    private sealed class Exit(JobProbe probe) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref probe._running);
    }
}

/// <summary>One execution of a test job.</summary>
internal sealed record JobRun(string Host, string Job, string Trigger, string? Cycle, int Attempt,
    DateTimeOffset Fired, DateTimeOffset? Scheduled, DateTimeOffset Started, DateTimeOffset Ended);

/// <summary>Names the host a job ran in.</summary>
internal sealed record HostTag(string Name);
