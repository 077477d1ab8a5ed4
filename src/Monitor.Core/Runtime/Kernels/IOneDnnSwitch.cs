namespace Monitor.Core.Runtime.Kernels;

/// <summary>libtorch's process-wide oneDNN switch (<c>at::Context::setUserEnabledMkldnn</c>).</summary>
public interface IOneDnnSwitch
{
    /// <summary>Whether libtorch may send convolutions to oneDNN.</summary>
    public bool Enabled { get; set; }
}
