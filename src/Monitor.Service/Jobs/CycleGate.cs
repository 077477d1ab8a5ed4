namespace Monitor.Service.Jobs;

/// <summary>Lets one cycle be processed at a time in this process (the models use every core already).</summary>
public sealed class CycleGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Waits for the gate.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <summary>Opens the gate for the next cycle.</summary>
    public void Release() => _semaphore.Release();

    /// <inheritdoc />
    public void Dispose() => _semaphore.Dispose();
}
