namespace Monitor.Bench;

/// <summary>What one conv-allocator child measured (milliseconds per call, memory in MB).</summary>
internal sealed record ConvChildResult
{
    /// <summary>Whether <c>NativeHeapTuning</c> was in effect in the child.</summary>
    public required bool TuningApplied { get; init; }

    /// <summary>Whether libjemalloc is mapped into the child (the preload took effect).</summary>
    public required bool JemallocLoaded { get; init; }

    /// <summary>libtorch intra-op threads.</summary>
    public required int Threads { get; init; }

    /// <summary>Every timed conv forward, ms, in order.</summary>
    public required IReadOnlyList<double> ConvRunsMs { get; init; }

    /// <summary>Conv forward: median ms.</summary>
    public required double ConvMedianMs { get; init; }

    /// <summary>Conv forward: fastest ms.</summary>
    public required double ConvMinMs { get; init; }

    /// <summary>Minor page faults per timed conv forward.</summary>
    public required double ConvMinorFaults { get; init; }

    /// <summary>Matmul: median ms.</summary>
    public required double MatmulMedianMs { get; init; }

    /// <summary>Matmul: fastest ms.</summary>
    public required double MatmulMinMs { get; init; }

    /// <summary>Peak resident set (VmHWM) at the end, MB.</summary>
    public required double PeakRssMb { get; init; }

    /// <summary>Resident set (VmRSS) at the end, MB.</summary>
    public required double RssMb { get; init; }
}
