namespace Monitor.Bench;

/// <summary>A malloc configuration to measure: a label and the child's environment changes (null removes).</summary>
/// <param name="Label">Table label.</param>
/// <param name="Setting">How the configuration is set, for the table.</param>
/// <param name="Environment">Environment changes for the child.</param>
internal sealed record AllocatorVariant(string Label, string Setting, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>The platform note's reference setting: no mmap'ed chunks below 4 GiB, no trimming below 4 GiB.</summary>
    public const string ReferenceTunables = "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296";

    /// <summary>Debian's libjemalloc2.</summary>
    public const string Jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    /// <summary>
    /// jemalloc options that keep freed pages (no decay-driven purging; large allocations in the normal arenas): the
    /// jemalloc analogue of our glibc tuning. By default jemalloc purges libtorch's large buffers as glibc does.
    /// </summary>
    public const string JemallocRetain = "oversize_threshold:0,dirty_decay_ms:-1,muzzy_decay_ms:-1";

    /// <summary>The configurations to compare; the first is the baseline.</summary>
    public static IReadOnlyList<AllocatorVariant> All()
    {
        const string Switch = Monitor.Core.Runtime.NativeHeapTuning.SwitchVariable;
        var variants = new List<AllocatorVariant>
        {
            new("glibc default", $"{Switch}=off", Env((Switch, "off"))),
            new("in-process mallopt (our default)", "`TorchRuntime.Initialize()` → `NativeHeapTuning.Apply()`", Env()),
            new("GLIBC_TUNABLES (platform note)", $"{Switch}=off, GLIBC_TUNABLES=…mmap_threshold=4 GiB:…trim_threshold=4 GiB",
                Env((Switch, "off"), ("GLIBC_TUNABLES", ReferenceTunables))),
        };
        if (File.Exists(Jemalloc))
        {
            variants.Add(new("jemalloc (LD_PRELOAD)", $"{Switch}=off, LD_PRELOAD={Jemalloc}", Env((Switch, "off"), ("LD_PRELOAD", Jemalloc))));
            variants.Add(new("jemalloc, purging off", $"as above + MALLOC_CONF={JemallocRetain}",
                Env((Switch, "off"), ("LD_PRELOAD", Jemalloc), ("MALLOC_CONF", JemallocRetain))));
        }

        return variants;
    }

    private static Dictionary<string, string?> Env(params (string Name, string Value)[] set)
    {
        // Start every child from the same clean slate, whatever the parent inherited.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [Monitor.Core.Runtime.NativeHeapTuning.SwitchVariable] = null,
            ["GLIBC_TUNABLES"] = null,
            ["LD_PRELOAD"] = null,
            ["MALLOC_ARENA_MAX"] = null,
            ["MALLOC_CONF"] = null,
        };
        foreach ((string name, string value) in set)
        {
            environment[name] = value;
        }

        return environment;
    }
}
