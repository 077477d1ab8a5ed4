using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Formats;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Ports;
using RetryPolicy = Monitor.Core.Monitoring.RetryPolicy;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Runtime;
using Monitor.Service.Adapters.Files;
using Monitor.Service.Adapters.Influx;
using Monitor.Service.Adapters.Mail;
using Monitor.Service.Adapters.State;
using Monitor.Service.Http;
using Monitor.Service.Jobs;
using Monitor.Service.Options;
using Quartz;

namespace Monitor.Service.Hosting;

/// <summary>
/// <c>v2vmonitor serve</c>: the generic host with the scheduler, the jobs, the sinks and the status endpoints. The
/// only place that names concrete adapters. Configuration: <c>appsettings.json</c> in the working directory (or the
/// file <c>--config</c> names), then <c>V2V__Section__Key</c> environment variables, then <c>--Section:Key=value</c>
/// arguments (docs/configuration.md).
/// </summary>
public static class MonitorHost
{
    /// <summary>The environment-variable prefix: <c>V2V__Monitor__Models__0</c> sets <c>Monitor:Models:0</c>.</summary>
    public const string EnvironmentPrefix = "V2V__";

    /// <summary>Builds the host from <paramref name="args"/> (those after <c>serve</c>).</summary>
    /// <param name="args">Command-line arguments: <c>--config FILE</c> and <c>--Section:Key=value</c> overrides.</param>
    /// <param name="configure">Extra service registrations (tests add theirs here).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        (string? configFile, string[] rest) = SplitConfig(args);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(configFile is null ? Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json") : Path.GetFullPath(configFile),
            optional: configFile is null, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(rest);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);

        IServiceCollection services = builder.Services;
        AddOptions(services, builder.Configuration);
        HttpSettings http = builder.Configuration.GetSection(HttpSettings.Section).Get<HttpSettings>() ?? new HttpSettings();
        builder.WebHost.UseUrls(http.Url);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceStatus>();
        services.AddSingleton<MonitorMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<CycleGate>();
        services.AddSingleton(sp => new InboxScanner(InboxOptionsOf(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICycleLedger>(sp => new SqliteCycleLedger(
            sp.GetRequiredService<IOptions<DataOptions>>().Value.StateDirectory, sp.GetRequiredService<ILogger<SqliteCycleLedger>>()));
        services.AddSingleton(sp => LoadResources(sp.GetRequiredService<IOptions<MonitorSettings>>().Value));
        services.AddSingleton(sp => new CycleProcessor(sp.GetRequiredService<MonitorResources>(), ProcessorOptions(sp.GetRequiredService<IOptions<MonitorSettings>>().Value)));
        services.AddSingleton(sp => new RegionRelevanceMaps(sp.GetRequiredService<CycleProcessor>()));
        services.AddSingleton<IPointSink>(sp => new FileSink(sp.GetRequiredService<IOptions<DataOptions>>().Value.ReportsDirectory));
        services.AddSingleton(sp =>
        {
            MonitorSettings monitor = sp.GetRequiredService<IOptions<MonitorSettings>>().Value;
            return new CycleHandler(sp.GetRequiredService<CycleProcessor>(), sp.GetRequiredService<ICycleLedger>(), sp.GetServices<IPointSink>(),
                sp.GetRequiredService<IOptions<DataOptions>>().Value.ReportsDirectory,
                new RetryPolicy(monitor.MaxAttempts, TimeSpan.FromSeconds(monitor.RetryDelaySeconds)),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CycleHandler>>(), sp.GetRequiredService<CycleAlerts>(),
                new RelevanceMapIllustrator(sp.GetRequiredService<RegionRelevanceMaps>(), sp.GetRequiredService<ILogger<RelevanceMapIllustrator>>()),
                new HtmlReportPage(sp.GetRequiredService<CycleProcessor>(), sp.GetRequiredService<RegionRelevanceMaps>()));
        });

        InfluxOptions influx = builder.Configuration.GetSection(InfluxOptions.SectionName).Get<InfluxOptions>() ?? new InfluxOptions();
        if (influx.Enabled)
        {
            AddInflux(services);
        }
        else
        {
            services.AddSingleton<IMonitorHistory>(sp => new ReportHistory(sp.GetRequiredService<IOptions<DataOptions>>().Value.ReportsDirectory));
        }

        AddAlerts(services, builder.Configuration);
        AddAlertRules(services);

        // Job types registered explicitly: Quartz 4's AddJob does not, and start-up validation then sees their dependencies.
        services.AddTransient<CycleScanJob>();
        services.AddTransient<ProcessCycleJob>();
        services.AddTransient<ClimatologyJob>();
        services.AddQuartz(quartz =>
        {
            string state = builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.StateDirectory ?? new DataOptions().StateDirectory;
            Directory.CreateDirectory(state);
            quartz.UseSqliteJobStore(Path.Combine(state, SqliteJobStoreExtensions.FileName));
            quartz.UseDefaultThreadPool(2);
        });
        services.AddHostedService<StartupCheck>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        configure?.Invoke(services);

        WebApplication app = builder.Build();
        // Listening starts before any instrument records: counters are not retroactive.
        app.Services.GetRequiredService<PrometheusExporter>();
        StatusEndpoints.Map(app);
        return app;
    }

    /// <summary>Runs the service until SIGTERM/Ctrl-C (exit 0, also when the stop comes during start-up); a configuration error is printed with its key and exits 78 (EX_CONFIG).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using WebApplication app = Build(args);
            // Taken before running: RunAsync disposes the host (and its services) before an exception leaves it.
            CancellationToken stopping = app.Lifetime.ApplicationStopping;
            try
            {
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // SIGTERM or Ctrl-C before start-up finished (kernel checks and resources take seconds): a stop, not a crash.
                error.WriteLine("v2vmonitor serve: stopped before start-up finished");
            }

            return 0;
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine($"v2vmonitor serve: configuration: {string.Join(Environment.NewLine + "  ", ex.Failures)}");
            return ConfigurationErrorExitCode;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException or DataFileException)
        {
            error.WriteLine($"v2vmonitor serve: {ex.Message}");
            return ConfigurationErrorExitCode;
        }
    }

    /// <summary>Exit code of a configuration error (EX_CONFIG).</summary>
    public const int ConfigurationErrorExitCode = 78;

    private const string InfluxHttpClientKey = "influx";

    /// <summary>The InfluxDB sink behind its durable spool (data/state/spool/influx), and the job that drains the spool.</summary>
    private static void AddInflux(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            InfluxOptions options = sp.GetRequiredService<IOptions<InfluxOptions>>().Value;
            return new LineProtocolSpool(Path.Combine(sp.GetRequiredService<IOptions<DataOptions>>().Value.StateDirectory, "spool", "influx"),
                options.SpoolQuotaBytes, options.BatchLines, sp.GetRequiredService<TimeProvider>());
        });
        // One HTTP client for writes and history queries; each request has its own timeout (Influx:TimeoutSeconds).
        services.AddKeyedSingleton(InfluxHttpClientKey, (_, _) => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton(sp => new InfluxDestination(sp.GetRequiredKeyedService<HttpClient>(InfluxHttpClientKey),
            sp.GetRequiredService<IOptions<InfluxOptions>>().Value, sp.GetRequiredService<ILogger<InfluxDestination>>()));
        services.AddSingleton<IMonitorHistory>(sp => new InfluxHistory(sp.GetRequiredKeyedService<HttpClient>(InfluxHttpClientKey),
            sp.GetRequiredService<IOptions<InfluxOptions>>().Value, sp.GetRequiredService<InfluxDestination>()));
        services.AddSingleton<InfluxPointSink>();
        services.AddSingleton<IPointSink>(sp => sp.GetRequiredService<InfluxPointSink>());
        services.AddSingleton<IBufferedPointSink>(sp => sp.GetRequiredService<InfluxPointSink>());
        services.AddSingleton<ISpoolGauge, InfluxSpoolGauge>();
        services.AddTransient<SpoolFlushJob>();
        services.AddTransient<ServiceStatusJob>();
    }

    /// <summary>
    /// The alert outbox (always: rules may enqueue while e-mail is off, and /metrics shows the queue), and with
    /// <c>Monitor:Alerts:Smtp:Host</c> set the MailKit sender and the drain (docs/alerts.md).
    /// </summary>
    private static void AddAlerts(IServiceCollection services, ConfigurationManager configuration)
    {
        services.AddSingleton<IAlertOutbox>(sp => new SqliteAlertOutbox(
            sp.GetRequiredService<IOptions<DataOptions>>().Value.StateDirectory, sp.GetRequiredService<ILogger<SqliteAlertOutbox>>()));
        services.AddTransient<AlertDeliveryJob>();
        AlertSmtpOptions smtp = configuration.GetSection(AlertSmtpOptions.Section).Get<AlertSmtpOptions>() ?? new AlertSmtpOptions();
        if (!smtp.Enabled)
        {
            return;
        }

        services.AddSingleton<IAlertSender>(sp => new SmtpAlertSender(sp.GetRequiredService<IOptions<AlertSmtpOptions>>().Value,
            sp.GetRequiredService<ILogger<SmtpAlertSender>>()));
        services.AddSingleton(sp => new AlertDelivery(sp.GetRequiredService<IAlertOutbox>(), sp.GetRequiredService<IAlertSender>(),
            DeliveryPolicy(sp.GetRequiredService<IOptions<AlertOutboxOptions>>().Value, sp.GetRequiredService<IOptions<AlertSmtpOptions>>().Value),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertDelivery>>()));
    }

    /// <summary>The alert stage: the rules of <c>Monitor:Alerts:Rules</c>, the lifecycle, the book in the state directory, the outbox.</summary>
    private static void AddAlertRules(IServiceCollection services)
    {
        services.AddOptions<AlertRulesOptions>().BindConfiguration(AlertRulesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertRulesOptions>, AlertRulesOptionsValidator>();
        services.AddSingleton(sp =>
        {
            AlertRulesOptions options = sp.GetRequiredService<IOptions<AlertRulesOptions>>().Value;
            var lifecycle = new AlertLifecycle(new AlertLifecycleOptions
            {
                ThrottleWindow = TimeSpan.FromHours(options.ThrottleHours),
                ClearAfterMissed = options.ClearAfterCycles,
                MaxPerHour = options.MaxPerHour,
            });
            return new CycleAlerts([.. options.Rules.Select(Rule)], lifecycle,
                new JsonAlertBookStore(sp.GetRequiredService<IOptions<DataOptions>>().Value.StateDirectory), sp.GetRequiredService<IAlertOutbox>(),
                sp.GetRequiredService<TimeProvider>(), string.IsNullOrEmpty(options.ServiceUrl) ? null : new Uri(options.ServiceUrl),
                string.IsNullOrEmpty(options.GrafanaUrl) ? null : new Uri(options.GrafanaUrl), TimeSpan.FromHours(options.MaxCycleAgeHours));
        });
        services.AddSingleton(HealthAlertsOf);
        services.AddTransient<HealthAlertJob>();
    }

    private static HealthAlerts HealthAlertsOf(IServiceProvider sp)
    {
        AlertRulesOptions options = sp.GetRequiredService<IOptions<AlertRulesOptions>>().Value;
        var rule = new ServiceHealthRule("service-health", options.HealthNoCycleHours, options.HealthFailuresInARow, options.HealthBacklogHours,
            options.HealthRecipients);
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions { ClearAfterMissed = 1, MaxPerHour = options.MaxPerHour, ThrottleWindow = TimeSpan.Zero });
        var stage = new AlertStage([rule.Name], lifecycle,
            new JsonAlertBookStore(sp.GetRequiredService<IOptions<DataOptions>>().Value.StateDirectory, JsonAlertBookStore.HealthFileName),
            sp.GetRequiredService<IAlertOutbox>(), sp.GetRequiredService<TimeProvider>(),
            string.IsNullOrEmpty(options.GrafanaUrl) ? null : _ => GrafanaLinks.ForServiceHealth(new Uri(options.GrafanaUrl)));
        return new HealthAlerts(rule, stage, sp.GetRequiredService<ServiceStatus>(), sp.GetRequiredService<ICycleLedger>(), sp.GetServices<ISpoolGauge>(),
            sp.GetRequiredService<IAlertOutbox>(), sp.GetRequiredService<TimeProvider>());
    }

    private static ICycleAlertRule Rule(AlertRuleSettings rule) => rule.Kind switch
    {
        "anomalous-relevance" => new AnomalousRelevanceRule(rule.Name, rule.WarningScore, rule.SevereScore, rule.MaxLeadHours, rule.Recipients, AreaOf(rule)),
        "inconsistency" => new InconsistencyRule(rule.Name, rule.WarningAreaKm2, rule.SevereAreaKm2, rule.Recipients),
        "unexplained-extreme" => new UnexplainedExtremeRule(rule.Name, rule.WarningFactor, rule.SevereFactor, rule.MaxLeadHours, rule.Recipients, AreaOf(rule),
            rule.Measure == "region" ? UnexplainedMeasure.Region : UnexplainedMeasure.Core),
        "regime-onset" => new RegimeOnsetRule(rule.Name, rule.MinimumLeads, Enum.Parse<AlertSeverity>(rule.Severity, ignoreCase: true), rule.Recipients),
        _ => throw new InvalidOperationException($"Unknown alert rule kind '{rule.Kind}' (the validator lets none through)."),
    };

    private static AlertArea? AreaOf(AlertRuleSettings rule) => rule.Area.Length == 0 ? null
        : AlertArea.Parse(rule.Area, out string? error) ?? throw new InvalidOperationException($"Alert rule '{rule.Name}': Area {error} (the validator lets none through).");

    private static AlertDeliveryPolicy DeliveryPolicy(AlertOutboxOptions outbox, AlertSmtpOptions smtp) => new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(outbox.FirstRetrySeconds),
        MaxRetryDelay = TimeSpan.FromSeconds(outbox.MaxRetrySeconds),
        GiveUpAfter = outbox.GiveUpAfterHours == 0 ? null : TimeSpan.FromHours(outbox.GiveUpAfterHours),
        Lease = smtp.Lease,
        BatchSize = outbox.BatchSize,
        KeepFor = TimeSpan.FromDays(outbox.KeepDays),
    };

    private static void AddOptions(IServiceCollection services, ConfigurationManager configuration)
    {
        services.AddOptions<AlertSmtpOptions>().Bind(configuration.GetSection(AlertSmtpOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertSmtpOptions>, AlertSmtpOptionsValidator>();
        services.AddOptions<AlertOutboxOptions>().Bind(configuration.GetSection(AlertOutboxOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOutboxOptions>, AlertOutboxOptionsValidator>();
        services.AddOptions<InfluxOptions>().Bind(configuration.GetSection(InfluxOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InfluxOptions>, InfluxOptionsValidator>();
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateOnStart();
        services.AddOptions<InboxSettings>().Bind(configuration.GetSection(InboxSettings.Section)).ValidateOnStart();
        services.AddOptions<MonitorSettings>().Bind(configuration.GetSection(MonitorSettings.Section)).ValidateOnStart();
        services.AddOptions<HttpSettings>().Bind(configuration.GetSection(HttpSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataOptions>, DataOptionsValidator>();
        services.AddSingleton<IValidateOptions<InboxSettings>, InboxSettingsValidator>();
        services.AddSingleton<IValidateOptions<MonitorSettings>, MonitorSettingsValidator>();
        services.AddSingleton<IValidateOptions<HttpSettings>, HttpSettingsValidator>();
    }

    private static (string? ConfigFile, string[] Remaining) SplitConfig(string[] args)
    {
        int i = Array.IndexOf(args, "--config");
        if (i < 0)
        {
            return (null, args);
        }

        if (i + 1 >= args.Length)
        {
            throw new ArgumentException("--config needs a file name.");
        }

        return (args[i + 1], [.. args[..i], .. args[(i + 2)..]]);
    }

    private static InboxOptions InboxOptionsOf(IServiceProvider services)
    {
        InboxSettings inbox = services.GetRequiredService<IOptions<InboxSettings>>().Value;
        return new InboxOptions
        {
            Directory = services.GetRequiredService<IOptions<DataOptions>>().Value.InboxDirectory,
            Pattern = inbox.Pattern,
            MarkerFileName = string.IsNullOrEmpty(inbox.Marker) ? null : inbox.Marker,
            ExpectedLeadHours = inbox.ExpectedLeadHours,
            ExpectedFileCount = inbox.ExpectedFileCount,
            SettleTime = TimeSpan.FromSeconds(inbox.SettleSeconds),
        };
    }

    private static MonitorResources LoadResources(MonitorSettings monitor) =>
        MonitorResources.Load(monitor.Models, string.IsNullOrEmpty(monitor.Climatology) ? null : monitor.Climatology,
            string.IsNullOrEmpty(monitor.Regimes) ? null : monitor.Regimes, CompositeCatalog.Resolve(monitor.Composite), monitor.DisagreementFactor,
            string.IsNullOrEmpty(monitor.RelevanceClimatology) ? null : monitor.RelevanceClimatology,
            new RelevanceClimatologyOptions { MinimumHistory = monitor.AnomalyMinimumHistory }, ComputeDevice.Parse(monitor.Device));

    private static CycleProcessorOptions ProcessorOptions(MonitorSettings monitor) => new()
    {
        ExtremeKinds = ExtremeKind.Select(ExtremeKind.Defaults, monitor.ExtremeKinds),
        Regions = new RegionOptions { MinimumAreaKm2 = monitor.MinimumAreaKm2, MergeDistanceKm = monitor.MergeDistanceKm, MinimumShiftOfTails = monitor.MinimumShiftOfTails },
        WatchRegions = monitor.WatchRegions,
        ExplanationBatch = monitor.ExplanationBatch,
        ExplanationReference = monitor.ExplanationReference switch
        {
            "training-mean" => ReferenceKind.TrainingMean,
            "none" => ReferenceKind.None,
            _ => ReferenceKind.Climatology,
        },
        MaxRegionsPerLead = monitor.MaxRegionsPerLead,
        DisagreementFactor = monitor.DisagreementFactor,
        Analogues = monitor.Analogues,
        RelevanceClimatologyLeads = monitor.RelevanceClimatologyLeads,
    };
}
