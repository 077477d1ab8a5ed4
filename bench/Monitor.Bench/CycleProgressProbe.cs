namespace Monitor.Bench;

/// <summary>
/// Receives the generator's cycle count on the worker thread that reports it (no synchronisation context, unlike
/// <see cref="Progress{T}"/>) and samples memory when the count first reaches the middle of the run.
/// </summary>
internal sealed class CycleProgressProbe(int total) : IProgress<int>
{
    private int _sampled;

    /// <summary>The sample taken at the middle, if reached.</summary>
    public MemorySample? Middle { get; private set; }

    public void Report(int value)
    {
        if (value >= total / 2 && Interlocked.Exchange(ref _sampled, 1) == 0)
        {
            Middle = MemorySample.Take($"after {value} of {total} cycles");
        }
    }
}
