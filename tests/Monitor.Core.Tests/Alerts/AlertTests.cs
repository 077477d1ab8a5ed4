using Monitor.Core.Alerts;

namespace Monitor.Core.Tests.Alerts;

/// <summary>What an alert must satisfy before the outbox takes it, and the retry schedule.</summary>
public sealed class AlertTests
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static Alert Valid() => new()
    {
        Key = "anomalous-relevance/t2m/po-valley/track-3",
        Rule = "anomalous-relevance",
        Severity = AlertSeverity.Warning,
        Summary = "Warm extreme over the Po valley at +48 h driven by southerly advection",
        TextBody = "",
        Images = [new AlertImage("map-v10@v2v", "map-v10.png", s_png, "v10 relevance")],
        Links = [new AlertLink("Dashboard", "https://grafana.example.org/d/x")],
        Recipients = ["duty@example.org"],
    };

    [Fact]
    public void A_complete_alert_is_valid()
    {
        Valid().Validate();
    }

    [Theory]
    [InlineData("key", "Alert key ''")]
    [InlineData("revision", "revision 0 must be ≥ 1")]
    [InlineData("summary", "the summary must be one non-empty line")]
    [InlineData("recipients", "recipients must be one or more addresses")]
    [InlineData("content-id", "image Content-ID 'map v10' must be unique")]
    [InlineData("duplicate-id", "must be unique in the alert")]
    [InlineData("not-png", "image map-v10@v2v is not a PNG file")]
    [InlineData("file-name", "needs a plain file name (was '../map.png')")]
    [InlineData("link", "link 'Dashboard' must have a label and an absolute http(s) URL (was 'file:///etc/passwd')")]
    public void An_invalid_alert_is_refused_naming_the_problem(string what, string expected)
    {
        Alert alert = Valid();
        AlertImage image = alert.Images[0];
        alert = what switch
        {
            "key" => alert with { Key = "" },
            "revision" => alert with { Revision = 0 },
            "summary" => alert with { Summary = "two\nlines" },
            "recipients" => alert with { Recipients = ["duty desk"] },
            "content-id" => alert with { Images = [image with { ContentId = "map v10" }] },
            "duplicate-id" => alert with { Images = [image, image with { FileName = "other.png" }] },
            "not-png" => alert with { Images = [image with { Png = new byte[] { 1, 2, 3 } }] },
            "file-name" => alert with { Images = [image with { FileName = "../map.png" }] },
            _ => alert with { Links = [new AlertLink("Dashboard", "file:///etc/passwd")] },
        };

        ArgumentException refused = Assert.ThrowsAny<ArgumentException>(alert.Validate);

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_double_from_the_first_delay_up_to_the_cap()
    {
        var policy = new AlertDeliveryPolicy { FirstRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromMinutes(10) };
        DateTimeOffset failed = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

        double[] minutes = [.. Enumerable.Range(1, 6).Select(a => (policy.RetryAt(a, failed) - failed).TotalMinutes)];

        Assert.Equal([1, 2, 4, 8, 10, 10], minutes);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.RetryAt(500, failed) - failed);
    }

    [Fact]
    public void The_oldest_age_is_zero_for_an_empty_outbox()
    {
        DateTimeOffset now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, new OutboxStatus(0, 0, 5, 1, 0, null).OldestAge(now));
        Assert.Equal(TimeSpan.FromMinutes(7), new OutboxStatus(2, 1, 0, 0, 0, now.AddMinutes(-7)).OldestAge(now));
        Assert.Equal(3, new OutboxStatus(2, 1, 0, 0, 0, now).Depth);
    }
}
