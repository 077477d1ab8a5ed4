namespace Monitor.Service.Cli;

/// <summary>Reports progress on the reporting thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool and reorders output).</summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            handler(value);
        }
    }
}
