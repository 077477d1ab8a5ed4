using Monitor.Core.Runtime;
using Monitor.Service.Cli;
using Monitor.Service.Hosting;
using Monitor.Service.Runtime;

// Where oneDNN's kernels fail verification, this executable may restart itself with oneDNN's instruction set capped.
TorchRuntime.RestartWithCappedIsa = CappedIsaRestart.Exec;
if (KernelStartup.Prepare(args, Console.Error) is int failure)
{
    return failure;
}

if (args is ["serve", .. string[] serveArgs])
{
    return await MonitorHost.RunAsync(serveArgs, Console.Error);
}

return await CliApplication.Build(Console.Out, Console.Error, TimeProvider.System).Parse(args).InvokeAsync();
