using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// Finds forecast cycles in an inbox: one folder per cycle (<c>{cycle}/*</c>) or files whose names carry the cycle
/// and step (e.g. <c>fc_{cycle}_{step}.grib2</c>), and decides which are complete — a marker file, or all expected
/// files present and unchanged for the settle time.
/// </summary>
public sealed class InboxScanner
{
    private static readonly HashSet<string> s_dataExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".nc", ".nc4", ".netcdf", ".grib", ".grib1", ".grib2", ".grb", ".grb2",
    };

    private readonly InboxOptions _options;
    private readonly TimeProvider _time;
    private readonly Regex _pattern;

    /// <summary>Creates a scanner; throws <see cref="ArgumentException"/> when the pattern lacks <c>{cycle}</c>.</summary>
    public InboxScanner(InboxOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!options.Pattern.Contains("{cycle}", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Inbox pattern '{options.Pattern}' must contain {{cycle}}.", nameof(options));
        }

        _options = options;
        _time = time;
        _pattern = ToRegex(options.Pattern);
    }

    /// <summary>Lists the cycles in the inbox, oldest first.</summary>
    public IReadOnlyList<CycleCandidate> Scan()
    {
        if (!Directory.Exists(_options.Directory))
        {
            throw new DirectoryNotFoundException($"Inbox directory '{_options.Directory}' does not exist.");
        }

        var byCycle = new SortedDictionary<CycleId, List<(string Path, int? Step)>>();
        foreach (string path in Directory.EnumerateFiles(_options.Directory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(_options.Directory, path).Replace('\\', '/');
            Match m = _pattern.Match(relative);
            if (!m.Success || !s_dataExtensions.Contains(Path.GetExtension(path)) || !CycleId.TryParse(m.Groups["cycle"].Value, out CycleId cycle))
            {
                continue;
            }

            int? step = m.Groups["step"].Success ? int.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture) : null;
            if (!byCycle.TryGetValue(cycle, out var files))
            {
                files = [];
                byCycle[cycle] = files;
            }

            files.Add((path, step));
        }

        return byCycle.Select(kv => Judge(kv.Key, kv.Value)).ToArray();
    }

    private CycleCandidate Judge(CycleId cycle, List<(string Path, int? Step)> files)
    {
        string[] paths = files.Select(f => f.Path).Order(StringComparer.Ordinal).ToArray();
        if (MarkerPath(cycle, paths[0]) is string marker && File.Exists(marker))
        {
            return new CycleCandidate(cycle, paths, CycleReadiness.Complete, "");
        }

        if (_options.ExpectedLeadHours is { Count: > 0 } leads && files.Any(f => f.Step is not null))
        {
            int[] missing = leads.Except(files.Where(f => f.Step is not null).Select(f => f.Step!.Value)).Order().ToArray();
            if (missing.Length > 0)
            {
                return new CycleCandidate(cycle, paths, CycleReadiness.Incomplete, $"steps missing: {string.Join(", ", missing)} h");
            }
        }
        else if (_options.ExpectedFileCount is int expected)
        {
            if (paths.Length < expected)
            {
                return new CycleCandidate(cycle, paths, CycleReadiness.Incomplete, $"{paths.Length} of {expected} files present");
            }
        }
        else
        {
            return new CycleCandidate(cycle, paths, CycleReadiness.Incomplete,
                _options.MarkerFileName is null ? "no completion rule configured (marker, expected steps or file count)" : "no completion marker yet");
        }

        DateTime now = _time.GetUtcNow().UtcDateTime;
        DateTime newest = paths.Max(File.GetLastWriteTimeUtc);
        return now - newest < _options.SettleTime
            ? new CycleCandidate(cycle, paths, CycleReadiness.Settling, $"files changed {(now - newest).TotalSeconds:F0} s ago, settle time {_options.SettleTime.TotalSeconds:F0} s")
            : new CycleCandidate(cycle, paths, CycleReadiness.Complete, "");
    }

    private string? MarkerPath(CycleId cycle, string anyFile)
    {
        if (_options.MarkerFileName is not string marker)
        {
            return null;
        }

        // Folder layout: the marker sits beside the files; flat layout: "{cycle}" in the marker name is substituted.
        string name = marker.Replace("{cycle}", cycle.ToString(), StringComparison.Ordinal);
        string directory = _options.Pattern.StartsWith("{cycle}/", StringComparison.Ordinal)
            ? Path.GetDirectoryName(anyFile)!
            : _options.Directory;
        return Path.Combine(directory, name);
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '{')
            {
                int end = pattern.IndexOf('}', i);
                string token = end > i ? pattern[(i + 1)..end] : "";
                sb.Append(token switch
                {
                    "cycle" => @"(?<cycle>\d{10})",
                    "step" => @"(?<step>\d{1,4})",
                    "var" => @"(?<var>[A-Za-z0-9_]+)",
                    _ => throw new ArgumentException($"Unknown token '{{{token}}}' in inbox pattern '{pattern}' (use {{cycle}}, {{step}}, {{var}}, *)."),
                });
                i = end;
            }
            else if (pattern[i] == '*')
            {
                sb.Append("[^/]*");
            }
            else
            {
                sb.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
