namespace Monitor.Bench;

/// <summary>What bench/eof_peer.py reports.</summary>
internal sealed record EofPeerResult
{
    /// <summary>Seconds per run of XᵀX + numpy.linalg.eigh.</summary>
    public required IReadOnlyList<double> EighSeconds { get; init; }

    /// <summary>Seconds per run of numpy.linalg.svd.</summary>
    public required IReadOnlyList<double> SvdSeconds { get; init; }

    /// <summary>Leading covariance eigenvalues from eigh.</summary>
    public required IReadOnlyList<double> EighEigenvalues { get; init; }

    /// <summary>Leading covariance eigenvalues from the SVD.</summary>
    public required IReadOnlyList<double> SvdEigenvalues { get; init; }

    /// <summary>The leading EOF from eigh.</summary>
    public required IReadOnlyList<double> EighVectorsFirstColumn { get; init; }

    /// <summary>Seconds per run of PyTorch XᵀX + torch.linalg.eigh (empty without torch).</summary>
    public IReadOnlyList<double> TorchSeconds { get; init; } = [];

    /// <summary>PyTorch version, or null.</summary>
    public string? Torch { get; init; }

    /// <summary>numpy version.</summary>
    public required string Numpy { get; init; }

    /// <summary>BLAS numpy was built with.</summary>
    public required string Blas { get; init; }
}
