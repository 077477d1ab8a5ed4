using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Service.Hosting;
using Monitor.Service.Options;
using Monitor.Service.Tests.Cli;
using Monitor.Service.Tests.Options;
using YamlDotNet.RepresentationModel;

namespace Monitor.Service.Tests.Deploy;

/// <summary>
/// deploy/ without network or Docker: the example configuration against the options classes and their validators, the
/// compose file against the repository and the configuration keys, the systemd unit through systemd-analyze.
/// </summary>
public sealed partial class DeploymentKitTests : IDisposable
{
    private const string ExampleConfiguration = "deploy/appsettings.production.json";
    private const string DataRoot = "/var/lib/v2vmonitor";
    private const string Credentials = "/run/credentials/v2vmonitor.service";
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_example_configuration_uses_only_keys_the_service_reads()
    {
        IConfigurationRoot configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf(ExampleConfiguration)).Build();

        string[] unknown = [.. configuration.AsEnumerable().Where(kv => kv.Value is not null && !OptionsCatalog.IsKnown(kv.Key)).Select(kv => kv.Key).Order(StringComparer.Ordinal)];

        Assert.True(unknown.Length == 0, $"{ExampleConfiguration} sets keys no options class reads (typos?): {string.Join(", ", unknown)}");
    }

    [Fact]
    public async Task The_example_configuration_binds_and_passes_the_services_validators()
    {
        // The example's paths, moved under a temporary directory that holds what the validators look for.
        string root = _dir.File("data"), credentials = _dir.File("credentials");
        foreach (string directory in new[] { "models/t2m-unet", "climatology", "regimes", "relevance-climatology" })
        {
            Directory.CreateDirectory(Path.Combine(root, directory));
        }

        await File.WriteAllTextAsync(Path.Combine(root, "models/t2m-unet/model.json"), "{}");
        Directory.CreateDirectory(credentials);
        await File.WriteAllTextAsync(Path.Combine(credentials, "smtp-password"), "not a real password\n");
        await File.WriteAllTextAsync(Path.Combine(credentials, "influx-token"), "not a real token\n");
        string json = (await File.ReadAllTextAsync(RepositoryFiles.PathOf(ExampleConfiguration))).Replace(Credentials, credentials, StringComparison.Ordinal)
            .Replace(DataRoot, root, StringComparison.Ordinal);
        string file = _dir.File("appsettings.json");
        await File.WriteAllTextAsync(file, json);

        // The host's own binding and validators (MonitorHost.Build registers both; reading an option validates it).
        await using WebApplication app = MonitorHost.Build(["--config", file]);
        MonitorSettings monitor = Validated<MonitorSettings>(app);
        AlertRulesOptions rules = Validated<AlertRulesOptions>(app);
        AlertSmtpOptions smtp = Validated<AlertSmtpOptions>(app);
        InfluxOptions influx = Validated<InfluxOptions>(app);
        DataOptions data = Validated<DataOptions>(app);
        Validated<AlertOutboxOptions>(app);
        Validated<InboxSettings>(app);
        Validated<HttpSettings>(app);

        Assert.Equal(root, data.Root);
        Assert.Equal("cpu", monitor.Device);
        Assert.Equal("central-europe", Assert.Single(monitor.WatchRegions).Name);
        Assert.Equal(["anomalous-relevance", "inconsistency", "regime-onset"], rules.Rules.Select(r => r.Kind));
        Assert.Equal(SmtpSecurity.StartTls, smtp.Security);
        Assert.Equal("not a real password", smtp.ResolvePassword());
        Assert.Equal(InfluxApi.V2, influx.Api);
        Assert.Equal("not a real token", influx.ResolveToken());
    }

    [Fact]
    public void The_example_configuration_keeps_no_secret()
    {
        IConfigurationRoot configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf(ExampleConfiguration)).Build();

        Assert.Null(configuration["Influx:Password"]);
        Assert.Null(configuration["Influx:Token"]);
        Assert.StartsWith(Credentials + "/", configuration["Influx:TokenFile"], StringComparison.Ordinal);
        Assert.StartsWith(Credentials + "/", configuration["Monitor:Alerts:Smtp:PasswordFile"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_compose_file_mounts_the_repositorys_grafana_folders_and_sets_only_real_configuration_keys()
    {
        string deploy = RepositoryFiles.PathOf("deploy");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(deploy, "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var compose = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)compose["services"];
        Assert.Equal(["influxdb", "grafana", "v2vmonitor"], services.Children.Keys.Select(k => k.ToString()));

        // Grafana: the repository's provisioning and dashboards, read-only, where the dashboard provider looks.
        string[] grafana = Sequence(services["grafana"], "volumes");
        Assert.Contains("../grafana/provisioning:/etc/grafana/provisioning:ro", grafana);
        Assert.Contains("../grafana/dashboards:/var/lib/grafana/dashboards:ro", grafana);
        Assert.True(Directory.Exists(RepositoryFiles.PathOf("grafana/provisioning/datasources")), "the repository has no grafana/provisioning to mount");
        Assert.NotEmpty(Directory.GetFiles(RepositoryFiles.PathOf("grafana/dashboards"), "*.json"));

        // Grafana's environment holds every variable the provisioned data sources read.
        var grafanaEnvironment = ((YamlMappingNode)((YamlMappingNode)services["grafana"])["environment"]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        foreach (string file in Directory.GetFiles(RepositoryFiles.PathOf("grafana/provisioning"), "*.yaml", SearchOption.AllDirectories))
        {
            foreach (System.Text.RegularExpressions.Match reference in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"\$\{(\w+)\}"))
            {
                Assert.True(grafanaEnvironment.Contains(reference.Groups[1].Value),
                    $"{Path.GetFileName(file)} reads ${{{reference.Groups[1].Value}}}, which docker-compose.yml does not give Grafana");
            }
        }

        // Every other bind mount names something that is in deploy/.
        string[] binds = [.. services.Children.Values.SelectMany(s => Sequence(s, "volumes")).Select(v => v.Split(':')[0]).Where(v => v.StartsWith("./", StringComparison.Ordinal))];
        Assert.NotEmpty(binds);
        Assert.All(binds, source => Assert.True(Path.Exists(Path.Combine(deploy, source)), $"docker-compose.yml mounts {source}, which deploy/ does not have"));

        // The service: V2V__ variables are configuration keys, secrets it reads are secrets it is given.
        var service = (YamlMappingNode)services["v2vmonitor"];
        var environment = (YamlMappingNode)service["environment"];
        string[] serviceSecrets = Sequence(service, "secrets");
        var declared = ((YamlMappingNode)compose["secrets"]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        foreach ((YamlNode name, YamlNode value) in environment.Children)
        {
            string variable = name.ToString();
            Assert.StartsWith(MonitorHost.EnvironmentPrefix, variable, StringComparison.Ordinal);
            string key = variable[MonitorHost.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            Assert.True(OptionsCatalog.IsKnown(key), $"docker-compose.yml sets {variable}, but no options class reads {key}");
            if (value.ToString().StartsWith("/run/secrets/", StringComparison.Ordinal))
            {
                string secret = value.ToString()["/run/secrets/".Length..];
                Assert.True(serviceSecrets.Contains(secret) && declared.Contains(secret), $"{variable} reads the secret {secret}, which the service is not given");
            }
        }

        // The configuration file is mounted where the command reads it.
        string[] command = Sequence(services["v2vmonitor"], "command");
        string config = command[Array.IndexOf(command, "--config") + 1];
        Assert.Contains($"./appsettings.production.json:{config}:ro", Sequence(service, "volumes"));
    }

    [Fact]
    public void The_Dockerfile_builds_and_runs_on_Debian_12_and_publishes_as_the_test_script_does()
    {
        string dockerfile = File.ReadAllText(RepositoryFiles.PathOf("deploy/Dockerfile"));
        string testScript = File.ReadAllText(RepositoryFiles.PathOf("scripts/test.sh"));

        // The libLibTorchSharp patch runs only where the build machine's libstdc++ lacks GLIBCXX_3.4.32: build on the runtime's Debian.
        Assert.Contains("ARG DEBIAN=debian:12-slim", dockerfile, StringComparison.Ordinal);
        Assert.Equal(["FROM ${DEBIAN} AS dotnet-feed", "FROM dotnet-feed AS build", "FROM dotnet-feed AS runtime"],
            dockerfile.Split('\n').Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Trim()));
        string publish = PublishFlags().Match(testScript).Value;
        Assert.False(string.IsNullOrEmpty(publish), "scripts/test.sh has no `dotnet publish src/Monitor.Service …` line");
        Assert.Contains(publish, dockerfile, StringComparison.Ordinal);
        Assert.Contains("/opt/v2vmonitor/v2vmonitor doctor", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY scripts/install-deps.sh", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_systemd_unit_passes_systemd_analyze_verify()
    {
        string? analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Assert.True(analyze is not null,
            "systemd-analyze is not installed: it comes with the Debian package systemd (scripts/install-deps.sh --test installs it; apt-get install systemd).");

        // verify checks that ExecStart's program exists and is executable: point it at a stand-in, the rest unchanged.
        string unit = File.ReadAllText(RepositoryFiles.PathOf("deploy/v2vmonitor.service"));
        string standIn = _dir.File("v2vmonitor");
        File.WriteAllText(standIn, "#!/bin/sh\n");
        File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Contains("ExecStart=/opt/v2vmonitor/v2vmonitor serve ", unit, StringComparison.Ordinal);
        string copy = _dir.File("v2vmonitor.service");
        File.WriteAllText(copy, unit.Replace("ExecStart=/opt/v2vmonitor/v2vmonitor ", $"ExecStart={standIn} ", StringComparison.Ordinal));

        using var process = Process.Start(new ProcessStartInfo(analyze!, ["verify", copy]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        // verify exits 0 even for a value it ignores ("Failed to parse …, ignoring"): any message is a failure.
        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"systemd-analyze verify deploy/v2vmonitor.service: exit {process.ExitCode}: {output}");
    }

    [Fact]
    public void The_systemd_unit_agrees_with_the_example_configuration()
    {
        string unit = File.ReadAllText(RepositoryFiles.PathOf("deploy/v2vmonitor.service"));
        IConfigurationRoot configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf(ExampleConfiguration)).Build();

        Assert.Contains($"ReadWritePaths={configuration["Data:Root"]}", unit, StringComparison.Ordinal);
        Assert.Contains($"WorkingDirectory={configuration["Data:Root"]}", unit, StringComparison.Ordinal);
        foreach (string key in new[] { "Influx:TokenFile", "Monitor:Alerts:Smtp:PasswordFile" })
        {
            string credential = Path.GetFileName(configuration[key]!);
            Assert.Contains($"LoadCredential={credential}:", unit, StringComparison.Ordinal);
        }

        // The .NET JIT and oneDNN's kernel generator map memory writable and executable (docs/operations.md).
        Assert.DoesNotContain(unit.Split('\n'), line => line.StartsWith("MemoryDenyWriteExecute", StringComparison.Ordinal));
        Assert.Contains("RestartPreventExitStatus=78", unit, StringComparison.Ordinal);
    }

    private static T Validated<T>(WebApplication app)
        where T : class => app.Services.GetRequiredService<IOptions<T>>().Value;

    private static string[] Sequence(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) && value is YamlSequenceNode sequence
            ? [.. sequence.Children.Select(c => c.ToString())]
            : [];

    [GeneratedRegex(@"dotnet publish src/Monitor\.Service -c Release -r linux-x64 --self-contained false")]
    private static partial Regex PublishFlags();
}
