using System.Runtime.InteropServices;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// libtorch's oneDNN switch through its C++ entry points (what Python's <c>torch.backends.mkldnn.enabled</c> sets):
/// <c>at::Context::setUserEnabledMkldnn(bool)</c> and <c>at::Context::userEnabledMkldnn() const</c>. libtorch reads the
/// flag at every convolution, so switching takes effect at the next call.
/// </summary>
internal sealed class LibTorchOneDnnSwitch : IOneDnnSwitch
{
    private readonly nint _context;
    private readonly nint _set;
    private readonly nint _get;

    private LibTorchOneDnnSwitch(nint context, nint set, nint get)
    {
        _context = context;
        _set = set;
        _get = get;
    }

    /// <inheritdoc />
    public bool Enabled
    {
        get
        {
            unsafe
            {
                return ((delegate* unmanaged<nint, byte>)_get)(_context) != 0;
            }
        }

        set
        {
            unsafe
            {
                ((delegate* unmanaged<nint, byte, void>)_set)(_context, value ? (byte)1 : (byte)0);
            }
        }
    }

    /// <summary>Binds the switch in a loaded libtorch_cpu.</summary>
    /// <exception cref="EntryPointNotFoundException">This libtorch does not export the switch.</exception>
    public static LibTorchOneDnnSwitch Bind(nint library, nint globalContext)
    {
        if (!NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out nint set) ||
            !NativeLibrary.TryGetExport(library, "_ZNK2at7Context17userEnabledMkldnnEv", out nint get))
        {
            throw new EntryPointNotFoundException("libtorch_cpu does not export at::Context::setUserEnabledMkldnn / userEnabledMkldnn.");
        }

        return new LibTorchOneDnnSwitch(globalContext, set, get);
    }
}
