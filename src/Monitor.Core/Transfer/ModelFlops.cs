namespace Monitor.Core.Transfer;

/// <summary>
/// Nominal floating-point operations of one forward pass for one sample: 2 × multiply–accumulates of every
/// convolution (transposed ones counted per input pixel) and of the linear model. BatchNorm, activations, padding and
/// concatenation are left out (they are memory-bound and small). A U-Net counts the grid it runs on, padded to
/// multiples of 2^depth (<see cref="Modules.UNet.Margins"/>). "Achieved GFLOP/s" in docs/benchmarks.md divides
/// this count by the measured time; Winograd-style kernels can exceed the direct count's ceiling.
/// </summary>
public static class ModelFlops
{
    /// <summary>Nominal FLOPs per sample of the model a spec describes.</summary>
    public static double Forward(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double h = spec.Grid.LatitudeCount, w = spec.Grid.LongitudeCount, cin = spec.Inputs.Count, width = spec.Width;
        double macs = spec.Architecture switch
        {
            Architecture.UNet => UNet(Padded(h, spec.Depth), Padded(w, spec.Depth), cin, width, spec.Depth, Modules.UNet.DownsamplingKernel(spec.ArchitectureVersion)),
            Architecture.ResNet => (9 * cin * width * h * w) + (spec.Blocks * 2 * 9 * width * width * h * w) + (width * h * w),
            _ => cin * h * w,
        };
        return 2 * macs;
    }

    private static double Padded(double length, int depth) => Math.Ceiling(length / (1 << depth)) * (1 << depth);

    private static double UNet(double h, double w, double cin, double width, int depth, long downKernel)
    {
        double macs = (9 * cin * width * h * w) + (9 * width * width * h * w) + (width * h * w);
        for (int i = 0; i < depth; i++)
        {
            double c = width * (1 << i), scale = 1 << (i + 1);
            double pixels = h / scale * (w / scale);
            macs += (downKernel * downKernel * c * 2 * c * pixels) + (9 * 2 * c * 2 * c * pixels);
        }

        for (int i = 0; i < depth; i++)
        {
            double c = width * (1 << (depth - i));
            double inputPixels = h / (1 << (depth - i)) * (w / (1 << (depth - i)));
            double outputPixels = inputPixels * 4;
            macs += (c * (c / 2) * 4 * inputPixels) + (9 * c * (c / 2) * outputPixels) + (9 * (c / 2) * (c / 2) * outputPixels);
        }

        return macs;
    }
}
