using Monitor.Core.Runtime;
using static TorchSharp.torch;

if (args.Length > 0) { TorchRuntime.Initialize(); } else { NativeHeapTuning.Apply(); }
Console.WriteLine($"heap tuned={NativeHeapTuning.IsApplied} nnpack disabled={TorchRuntime.NnpackDisabled}");
foreach (var (b, c, h, w) in new[] { (1, 6, 32, 64), (16, 8, 32, 64), (13, 32, 160, 352), (32, 3, 16, 16) })
{
    var x = randn(b, c, h, w).requires_grad_(true);
    var conv = nn.Conv2d(c, c, 3, padding: 1);
    var y = conv.call(x);
    y.sum().backward();
    var sw = System.Diagnostics.Stopwatch.StartNew();
    for (int i = 0; i < 3; i++) { using var z = conv.call(x); }
    Console.WriteLine($"{b}x{c}x{h}x{w}: {sw.Elapsed.TotalMilliseconds / 3:F1} ms per conv");
}
return 0;
