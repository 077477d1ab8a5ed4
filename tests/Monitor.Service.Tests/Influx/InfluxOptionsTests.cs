using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Options;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.Influx;

/// <summary>Influx options: validation messages, defaults, secrets kept out of text, version parsing.</summary>
public sealed class InfluxOptionsTests
{
    private const string Secret = "s3cr3t-Value";

    [Fact]
    public void Defaults_AreValid_AndTheSinkIsOff()
    {
        var options = new InfluxOptions();

        Assert.True(new InfluxOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
        Assert.Equal("v2vmonitor/autogen", options.EffectiveBucket);
        Assert.Equal(512L * 1024 * 1024, options.SpoolQuotaBytes);
        Assert.Equal(5000, options.BatchLines);
        Assert.Equal(10, options.TimeoutSeconds);
    }

    [Theory]
    [InlineData("Url", "Influx:Url must be an absolute http:// or https:// URL")]
    [InlineData("TimeoutSeconds", "Influx:TimeoutSeconds must be between 1 and 600 seconds (was 0)")]
    [InlineData("SpoolQuotaMegabytes", "Influx:SpoolQuotaMegabytes must be between 1 and 1048576 megabytes (was 0)")]
    [InlineData("BatchLines", "Influx:BatchLines must be between 1 and 1000000 lines per request (was 0)")]
    [InlineData("Api", "Influx:Api must be auto, v1 or v2")]
    [InlineData("Database", "Influx:Database must name the v1 database")]
    [InlineData("TokenFile", "Influx:TokenFile names '/nonexistent/token'")]
    [InlineData("Password", "Influx:Password is set but Influx:User is not")]
    [InlineData("Token", "Influx:Token and Influx:TokenFile are both set")]
    [InlineData("ServiceStatusSeconds", "Influx:ServiceStatusSeconds must be between 10 and 86400 seconds (0 = none) (was 5)")]
    public void Validator_NamesTheOffendingKeyAndTheAcceptedValues(string key, string expected)
    {
        var options = new InfluxOptions { Url = "http://127.0.0.1:8086" };
        switch (key)
        {
            case "Url": options.Url = "127.0.0.1:8086"; break;
            case "TimeoutSeconds": options.TimeoutSeconds = 0; break;
            case "SpoolQuotaMegabytes": options.SpoolQuotaMegabytes = 0; break;
            case "BatchLines": options.BatchLines = 0; break;
            case "Api": options.Api = (InfluxApi)7; break;
            case "Database": options.Database = " "; break;
            case "TokenFile": options.TokenFile = "/nonexistent/token"; break;
            case "Password": options.Password = Secret; break;
            case "Token": options.Token = Secret; options.TokenFile = "/etc/hostname"; break;
            case "ServiceStatusSeconds": options.ServiceStatusSeconds = 5; break;
        }

        ValidateOptionsResult result = new InfluxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ShowsSettingsButNeverASecret()
    {
        var options = new InfluxOptions { Url = "http://db:8086", User = "writer", Password = Secret, Token = Secret + "T", TokenFile = null };

        string text = options.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("Password=***", text, StringComparison.Ordinal);
        Assert.Contains("Token=***", text, StringComparison.Ordinal);
        Assert.Contains("User=writer", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InfluxApi.V1, "influxdb v1 http://127.0.0.1:8086 db=v2vmonitor")]
    [InlineData(InfluxApi.V2, "influxdb v2 http://127.0.0.1:8086 bucket=v2vmonitor/autogen org=-")]
    [InlineData(InfluxApi.Auto, "influxdb auto http://127.0.0.1:8086 db=v2vmonitor bucket=v2vmonitor/autogen")]
    public void Describe_NamesApiUrlAndDatabase_NeverASecret(InfluxApi api, string expected)
    {
        var options = new InfluxOptions { Url = "http://127.0.0.1:8086", Api = api, User = "writer", Password = Secret, Token = Secret };
        using var http = new HttpClient();
        using var destination = new InfluxDestination(http, options, NullLogger.Instance);
        using var directory = new TestDirectory();
        using var spool = new LineProtocolSpool(directory.Path, 1 << 20, 10, TimeProvider.System);

        string described = new InfluxPointSink(destination, spool, NullLogger<InfluxPointSink>.Instance).Describe();

        Assert.Equal(expected, described);
        Assert.DoesNotContain(Secret, described, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_ComeFromFiles_AndV2FallsBackToUserColonPassword()
    {
        using var directory = new TestDirectory();
        File.WriteAllText(directory.File("password"), "from-file\n");
        File.WriteAllText(directory.File("token"), "tok\n");

        Assert.Equal("from-file", new InfluxOptions { User = "u", PasswordFile = directory.File("password") }.ResolvePassword());
        Assert.Equal("u:from-file", new InfluxOptions { User = "u", PasswordFile = directory.File("password") }.ResolveToken());
        Assert.Equal("tok", new InfluxOptions { User = "u", Password = "p", TokenFile = directory.File("token") }.ResolveToken());
        Assert.Null(new InfluxOptions().ResolveToken());
    }

    [Theory]
    [InlineData("1.6.7~rc0", InfluxApi.V1)]
    [InlineData("1.7.11", InfluxApi.V1)]
    [InlineData("1.8.0", InfluxApi.V2)]
    [InlineData("1.8.10", InfluxApi.V2)]
    [InlineData("v2.7.4", InfluxApi.V2)]
    [InlineData("3.0.1", InfluxApi.V2)]
    [InlineData("0.13.0", InfluxApi.V1)]
    public void ApiFor_Version_PicksV1Below18(string version, InfluxApi expected) => Assert.Equal(expected, InfluxApiDetector.ApiFor(version));

    [Fact]
    public void ApiFor_UnreadableVersion_IsNull() => Assert.Null(InfluxApiDetector.ApiFor("unknown"));
}
