namespace Monitor.Service.Options;

/// <summary>Section <c>Data</c>: the data directory and what lives in it (docs/configuration.md).</summary>
public sealed class DataOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Data";

    /// <summary>The data root (default <c>data</c>, relative to the working directory).</summary>
    public string Root { get; set; } = "data";

    /// <summary>Where cycles arrive (default <c>{Root}/inbox</c>).</summary>
    public string? Inbox { get; set; }

    /// <summary>Where per-cycle reports go (default <c>{Root}/reports</c>).</summary>
    public string? Reports { get; set; }

    /// <summary>Ledger, scheduler store and spools (default <c>{Root}/state</c>).</summary>
    public string? State { get; set; }

    /// <summary>The inbox directory, resolved.</summary>
    public string InboxDirectory => Path.GetFullPath(Inbox ?? Path.Combine(Root, "inbox"));

    /// <summary>The reports directory, resolved.</summary>
    public string ReportsDirectory => Path.GetFullPath(Reports ?? Path.Combine(Root, "reports"));

    /// <summary>The state directory, resolved.</summary>
    public string StateDirectory => Path.GetFullPath(State ?? Path.Combine(Root, "state"));
}
