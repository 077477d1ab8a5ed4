using System.Net;
using System.Net.Sockets;

namespace Monitor.Service.Tests.Influx;

/// <summary>Picks a loopback TCP port nobody listens on (released before use: a small race, fine for tests).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
