using Microsoft.Extensions.Options;

namespace Monitor.Service.Options;

/// <summary>Checks section <c>Data</c> at start: a root is named and no directory of it is taken by a file.</summary>
public sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Root))
        {
            return ValidateOptionsResult.Fail("Data:Root is empty: name the data directory (default data).");
        }

        var failures = new List<string>();
        foreach ((string key, string path) in new[]
                 {
                     ("Data:Inbox", options.InboxDirectory), ("Data:Reports", options.ReportsDirectory), ("Data:State", options.StateDirectory),
                 })
        {
            if (File.Exists(path))
            {
                failures.Add($"{key} = '{path}' is a file; it must be a directory (created when missing).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
