using System.Diagnostics;
using System.Net.Sockets;

namespace Monitor.Service.Tests.Influx;

/// <summary>
/// Debian's nginx in front of a 1.6.7 <see cref="InfluxServer"/>, reproducing InfluxDB 1.8's documented v2
/// compatibility write endpoint (only 1.6.7 is installable here): <c>POST /api/v2/write?bucket=db/rp&amp;precision=s</c>
/// with <c>Authorization: Token user:password</c> becomes <c>/write?db=db&amp;rp=rp&amp;precision=s&amp;u=user&amp;p=password</c>,
/// and <c>/ping</c> answers with <c>X-Influxdb-Version: 1.8.10</c> so that detection picks v2. Credentials are passed
/// without URL-encoding: keep them alphanumeric.
/// </summary>
public sealed class NginxInfluxV2Proxy : IDisposable
{
    public const string Version = "1.8.10";

    private readonly string _directory;
    private readonly ServerProcess _process;

    private NginxInfluxV2Proxy(string directory, int port, ServerProcess process)
    {
        _directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<NginxInfluxV2Proxy> StartAsync(int upstreamPort)
    {
        string executable = ServerProcess.Find("nginx", "/usr/sbin", "/usr/bin")
            ?? throw new InvalidOperationException(
                "nginx was not found on PATH or at /usr/sbin/nginx; the InfluxDB v2 tests need it: run scripts/install-deps.sh --test as root.");
        string directory = Directory.CreateTempSubdirectory("v2v-nginx-").FullName;
        int port = FreePort.Next();
        string config = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(config, $$$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{{directory}}}/nginx.pid;
            error_log {{{directory}}}/error.log warn;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{{directory}}}/client_body;
              proxy_temp_path {{{directory}}}/proxy;
              fastcgi_temp_path {{{directory}}}/fastcgi;
              uwsgi_temp_path {{{directory}}}/uwsgi;
              scgi_temp_path {{{directory}}}/scgi;
              client_max_body_size 256m;
              map $http_authorization $influx_user { "~^Token ([^:]*):(.*)$" $1; default ""; }
              map $http_authorization $influx_password { "~^Token ([^:]*):(.*)$" $2; default ""; }
              map $arg_bucket $influx_db { "~^([^/%]+)(/|%2[Ff])(.*)$" $1; "~^([^/%]+)$" $1; default ""; }
              map $arg_bucket $influx_rp { "~^([^/%]+)(/|%2[Ff])(.*)$" $3; default ""; }
              server {
                listen 127.0.0.1:{{{port}}};
                location = /api/v2/write {
                  if ($influx_db = "") { return 400 '{"code":"invalid","message":"bucket must be db or db/rp"}'; }
                  proxy_set_header Authorization "";
                  proxy_pass http://127.0.0.1:{{{upstreamPort}}}/write?db=$influx_db&rp=$influx_rp&precision=$arg_precision&u=$influx_user&p=$influx_password;
                }
                location = /ping {
                  proxy_pass http://127.0.0.1:{{{upstreamPort}}}/ping;
                  proxy_hide_header X-Influxdb-Version;
                  add_header X-Influxdb-Version "{{{Version}}}" always;
                }
                location / { return 404; }
              }
            }
            """);
        ServerProcess process = ServerProcess.Start(executable, "-p", directory + "/", "-c", config, "-e", Path.Combine(directory, "error.log"));
        var proxy = new NginxInfluxV2Proxy(directory, port, process);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                string log = File.Exists(Path.Combine(directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log")) : "";
                proxy.Dispose();
                throw new InvalidOperationException($"nginx exited at start-up (config {config}):\n{process.Output}\n{log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        proxy.Dispose();
        throw new InvalidOperationException($"nginx did not listen on {port} within 30 s:\n{process.Output}");
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
