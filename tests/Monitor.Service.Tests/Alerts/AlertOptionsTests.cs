using Microsoft.Extensions.Options;
using Monitor.Service.Options;

namespace Monitor.Service.Tests.Alerts;

/// <summary>Monitor:Alerts:Smtp, :Outbox and the link bases: defaults, messages naming the key, secrets never shown.</summary>
public sealed class AlertOptionsTests
{
    private const string Secret = "hunter2-SMTP";

    [Fact]
    public void Defaults_are_valid_and_email_is_off()
    {
        var smtp = new AlertSmtpOptions();

        Assert.True(new AlertSmtpOptionsValidator().Validate(null, smtp).Succeeded);
        Assert.True(new AlertOutboxOptionsValidator().Validate(null, new AlertOutboxOptions()).Succeeded);
        Assert.False(smtp.Enabled);
        Assert.Equal((587, SmtpSecurity.StartTls, 30), (smtp.Port, smtp.Security, smtp.TimeoutSeconds));
        Assert.Equal(TimeSpan.FromSeconds(360), smtp.Lease);
    }

    [Theory]
    [InlineData("From", "Monitor:Alerts:Smtp:From must be the sender's address")]
    [InlineData("Port", "Monitor:Alerts:Smtp:Port = 0 is outside 1…65535")]
    [InlineData("TimeoutSeconds", "Monitor:Alerts:Smtp:TimeoutSeconds = 0 is outside 1…600 s")]
    [InlineData("Security", "Monitor:Alerts:Smtp:Security must be None, StartTls, SslOnConnect or Auto")]
    [InlineData("UserName", "Monitor:Alerts:Smtp:UserName is set but no password source")]
    [InlineData("PasswordFile", "Monitor:Alerts:Smtp:PasswordFile names '/nonexistent/smtp-password'")]
    [InlineData("PasswordEnvironmentVariable", "Monitor:Alerts:Smtp:PasswordEnvironmentVariable names V2V_TEST_UNSET_SMTP_PASSWORD, which is not set")]
    [InlineData("Both", "Monitor:Alerts:Smtp:PasswordFile and Monitor:Alerts:Smtp:PasswordEnvironmentVariable are both set")]
    [InlineData("NoUser", "is set but Monitor:Alerts:Smtp:UserName is not")]
    [InlineData("TrustedCertificateFile", "Monitor:Alerts:Smtp:TrustedCertificateFile '/nonexistent/ca.pem' cannot be read as PEM certificates")]
    [InlineData("TrustedCertificateFileEmpty", "Monitor:Alerts:Smtp:TrustedCertificateFile '/etc/hostname' holds no PEM certificate")]
    public void The_smtp_validator_names_the_offending_key(string key, string expected)
    {
        var options = new AlertSmtpOptions { Host = "mail.example.org", From = "V2V <v2v@example.org>" };
        switch (key)
        {
            case "From": options.From = "not an address"; break;
            case "Port": options.Port = 0; break;
            case "TimeoutSeconds": options.TimeoutSeconds = 0; break;
            case "Security": options.Security = (SmtpSecurity)9; break;
            case "UserName": options.UserName = "v2v"; break;
            case "PasswordFile": options.UserName = "v2v"; options.PasswordFile = "/nonexistent/smtp-password"; break;
            case "PasswordEnvironmentVariable": options.UserName = "v2v"; options.PasswordEnvironmentVariable = "V2V_TEST_UNSET_SMTP_PASSWORD"; break;
            case "Both": options.UserName = "v2v"; options.PasswordFile = "/etc/hostname"; options.PasswordEnvironmentVariable = "PATH"; break;
            case "NoUser": options.PasswordFile = "/etc/hostname"; break;
            case "TrustedCertificateFile": options.TrustedCertificateFile = "/nonexistent/ca.pem"; break;
            case "TrustedCertificateFileEmpty": options.TrustedCertificateFile = "/etc/hostname"; break;
        }

        ValidateOptionsResult result = new AlertSmtpOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IntervalSeconds", "Monitor:Alerts:Outbox:IntervalSeconds = 0 is outside 1…3600 s.")]
    [InlineData("MaxRetrySeconds", "Monitor:Alerts:Outbox:MaxRetrySeconds = 30 is outside 60…86400 s (at least Monitor:Alerts:Outbox:FirstRetrySeconds).")]
    [InlineData("GiveUpAfterHours", "Monitor:Alerts:Outbox:GiveUpAfterHours = -1 is outside 0…8760 h (0 = never).")]
    [InlineData("BatchSize", "Monitor:Alerts:Outbox:BatchSize = 0 is outside 1…1000 alerts.")]
    [InlineData("KeepDays", "Monitor:Alerts:Outbox:KeepDays = 0 is outside 1…3650 days.")]
    public void The_outbox_validator_names_the_offending_key(string key, string expected)
    {
        var options = new AlertOutboxOptions();
        switch (key)
        {
            case "IntervalSeconds": options.IntervalSeconds = 0; break;
            case "MaxRetrySeconds": options.MaxRetrySeconds = 30; break;
            case "GiveUpAfterHours": options.GiveUpAfterHours = -1; break;
            case "BatchSize": options.BatchSize = 0; break;
            case "KeepDays": options.KeepDays = 0; break;
        }

        ValidateOptionsResult result = new AlertOutboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(expected, Assert.Single(result.Failures!));
    }

    [Fact]
    public void The_password_comes_from_its_file_or_variable_and_is_never_shown()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Secret + "\n");
            var fromFile = new AlertSmtpOptions { Host = "mail.example.org", UserName = "v2v", PasswordFile = file, From = "v2v@example.org" };
            Environment.SetEnvironmentVariable("V2V_TEST_SMTP_PASSWORD", Secret);
            var fromVariable = new AlertSmtpOptions { Host = "mail.example.org", UserName = "v2v", PasswordEnvironmentVariable = "V2V_TEST_SMTP_PASSWORD", From = "v2v@example.org" };

            Assert.Equal(Secret, fromFile.ResolvePassword());
            Assert.Equal(Secret, fromVariable.ResolvePassword());
            Assert.True(new AlertSmtpOptionsValidator().Validate(null, fromVariable).Succeeded);
            Assert.DoesNotContain(Secret, fromFile.ToString(), StringComparison.Ordinal);
            Assert.Contains($"Password=(from file {file})", fromFile.ToString(), StringComparison.Ordinal);
            Assert.Contains("Password=(from $V2V_TEST_SMTP_PASSWORD)", fromVariable.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("V2V_TEST_SMTP_PASSWORD", null);
            File.Delete(file);
        }
    }

    /// <summary>
    /// An unexplained-extreme rule needs ordered positive factors, a climatology and a relevance climatology; an area must
    /// be a box and belongs to region rules; each failure names its key.
    /// </summary>
    [Fact]
    public void An_unexplained_extreme_rule_is_checked_naming_its_keys()
    {
        AlertRulesOptions Rule(double warning, double severe, string area = "", string kind = "unexplained-extreme") => new()
        {
            Rules = [new AlertRuleSettings { Name = "unexplained", Kind = kind, Recipients = ["duty@example.org"], WarningFactor = warning, SevereFactor = severe, Area = area }],
        };
        var complete = new AlertRulesOptionsValidator(Microsoft.Extensions.Options.Options.Create(
            new MonitorSettings { Climatology = "/srv/v2v/climatology", RelevanceClimatology = "/srv/v2v/relevance" }));
        var without = new AlertRulesOptionsValidator(Microsoft.Extensions.Options.Options.Create(new MonitorSettings()));

        Assert.True(complete.Validate(null, Rule(2.75, 3.75)).Succeeded);
        Assert.True(complete.Validate(null, Rule(2.75, 3.75, "30,70,-40,40")).Succeeded);
        ValidateOptionsResult unordered = complete.Validate(null, Rule(4, 3));
        Assert.Contains("Monitor:Alerts:Rules:0: WarningFactor = 4 must be > 0 and SevereFactor = 3 at least that.", unordered.FailureMessage, StringComparison.Ordinal);
        var median = new AlertRulesOptions
        {
            Rules = [new AlertRuleSettings { Name = "unexplained", Kind = "unexplained-extreme", Recipients = ["duty@example.org"], Measure = "median" }],
        };
        Assert.Contains("Monitor:Alerts:Rules:0:Measure = 'median' must be core or region.", complete.Validate(null, median).FailureMessage, StringComparison.Ordinal);
        ValidateOptionsResult missing = without.Validate(null, Rule(2.75, 3.75));
        Assert.Contains("Monitor:Alerts:Rules:0 ('unexplained') compares the forecast with the climatology, but Monitor:Climatology is empty.", missing.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Monitor:Alerts:Rules:0 ('unexplained') judges against the model's usual unexplained departure in the relevance climatology, but Monitor:RelevanceClimatology is empty.",
            missing.FailureMessage, StringComparison.Ordinal);
        ValidateOptionsResult badArea = complete.Validate(null, Rule(2.75, 3.75, "70,30,0,10"));
        Assert.Contains("Monitor:Alerts:Rules:0:Area = '70,30,0,10': south must be below north", badArea.FailureMessage, StringComparison.Ordinal);
        ValidateOptionsResult wrongKind = complete.Validate(null, Rule(2.75, 3.75, "30,70,-40,40", "inconsistency"));
        Assert.Contains("Monitor:Alerts:Rules:0:Area applies to anomalous-relevance and unexplained-extreme rules, not inconsistency.", wrongKind.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ServiceUrl", "monitor.example.org:8080")]
    [InlineData("GrafanaUrl", "ftp://grafana.example.org")]
    public void A_link_base_that_is_not_an_http_url_is_refused_naming_its_key(string key, string value)
    {
        var options = new AlertRulesOptions();
        if (key == "ServiceUrl")
        {
            options.ServiceUrl = value;
        }
        else
        {
            options.GrafanaUrl = value;
        }

        ValidateOptionsResult result = new AlertRulesOptionsValidator(Microsoft.Extensions.Options.Options.Create(new MonitorSettings())).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Monitor:Alerts:{key} = '{value}' must be an absolute http:// or https:// URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new AlertRulesOptionsValidator(Microsoft.Extensions.Options.Options.Create(new MonitorSettings()))
            .Validate(null, new AlertRulesOptions { ServiceUrl = "http://monitor.example.org:8080", GrafanaUrl = "https://grafana.example.org/" }).Succeeded);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(9000)]
    public void A_cycle_age_limit_out_of_range_is_refused_naming_its_key(double hours)
    {
        ValidateOptionsResult result = new AlertRulesOptionsValidator(Microsoft.Extensions.Options.Options.Create(new MonitorSettings()))
            .Validate(null, new AlertRulesOptions { MaxCycleAgeHours = hours });

        Assert.True(result.Failed);
        Assert.Contains(FormattableString.Invariant($"Monitor:Alerts:MaxCycleAgeHours = {hours} is outside 0…8760 h"), result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new AlertRulesOptionsValidator(Microsoft.Extensions.Options.Options.Create(new MonitorSettings()))
            .Validate(null, new AlertRulesOptions { MaxCycleAgeHours = 0 }).Succeeded);
    }
}
