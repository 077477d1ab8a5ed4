using System.Text.Json;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// <c>backfill</c> processes the inbox's cycles of a period with the service's configuration, skips what is done unless
/// forced; <c>cycles</c> lists the ledger with every attempt.
/// </summary>
public sealed class CyclesCommandTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task Backfill_processes_the_period_skips_what_is_done_unless_forced_and_cycles_lists_every_attempt()
    {
        string data = fixture.NewDataDirectory();
        string config = Path.Combine(data, "appsettings.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Monitor = new { Models = new[] { fixture.Model }, fixture.Climatology, fixture.Regimes },
            Inbox = new { MaxAgeHours = 0 },
        }));
        string inbox = Path.Combine(data, "inbox");
        foreach (string cycle in MonitorFixture.NewCycles)
        {
            fixture.Drop(inbox, cycle);
        }

        TimeProvider time = TimeProvider.System;
        string[] common = ["--config", config, "--data", data];

        CliRun first = await CliRun.InvokeAsync(time, ["backfill", "--from", "2026-02-05T00", "--to", "2026-02-05T06", .. common]);
        CliRun again = await CliRun.InvokeAsync(time, ["backfill", "--from", "2026-02-05", "--to", "2026-02-05T06", .. common]);
        CliRun forced = await CliRun.InvokeAsync(time, ["backfill", "--from", "2026-02-05T06", "--to", "2026-02-05T06", "--force", .. common]);
        CliRun list = await CliRun.InvokeAsync(time, ["cycles", "--attempts", .. common]);

        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        Assert.Contains("backfill: 2 cycle(s) in the inbox", first.Output, StringComparison.Ordinal);
        Assert.Contains("2026020500  processed (attempt 1)", first.Output, StringComparison.Ordinal);
        Assert.Contains("2026020506  processed (attempt 1)", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("2026020500  already done, skipped", again.Output, StringComparison.Ordinal);
        Assert.Contains("2026020506  already done, skipped", again.Output, StringComparison.Ordinal);
        Assert.Contains("2026020506  processed (attempt 2)", forced.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("2026020500", forced.Output, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("2 cycle(s)", list.Output, StringComparison.Ordinal);
        string[] lines = list.Output.Split('\n');
        Assert.Matches(@"^2026020506\s+done\s+2\s", lines[1]);
        Assert.Contains("#1 done", lines[2], StringComparison.Ordinal);
        Assert.Contains("#2 done", lines[3], StringComparison.Ordinal);
        Assert.Matches(@"^2026020500\s+done\s+1\s", lines[4]);
    }

    [Fact]
    public async Task Backfill_with_a_bad_setting_names_the_key()
    {
        string data = fixture.NewDataDirectory();
        string config = Path.Combine(data, "appsettings.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new { Monitor = new { Models = new[] { fixture.Model }, ExplanationBatch = 0 } }));

        CliRun run = await CliRun.InvokeAsync(TimeProvider.System, "backfill", "--from", "2026-02-05", "--to", "2026-02-05", "--config", config, "--data", data);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Monitor:ExplanationBatch = 0 is outside 1…256", run.Error, StringComparison.Ordinal);
    }
}
