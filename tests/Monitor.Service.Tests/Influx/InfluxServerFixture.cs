namespace Monitor.Service.Tests.Influx;

/// <summary>One InfluxDB shared by a test class; each test uses its own database.</summary>
public sealed class InfluxServerFixture : IAsyncLifetime
{
    private InfluxServer? _server;

    public InfluxServer Server => _server ?? throw new InvalidOperationException("The InfluxDB fixture did not start.");

    public async Task InitializeAsync() => _server = await InfluxServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A database name unique to the caller.</summary>
    public static string NewDatabase() => "t" + Guid.NewGuid().ToString("N")[..12];
}
