namespace Monitor.Service.Tests.Hosting;

/// <summary>Waits for a running service to reach a state (polled every 250 ms, 4 minutes at most).</summary>
internal static class Eventually
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(4);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + s_patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the service did not get there in time");
            await Task.Delay(250);
        }
    }
}
