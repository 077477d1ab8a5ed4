using Monitor.Service.Cli;

return await CliApplication.Build(Console.Out, Console.Error, TimeProvider.System).Parse(args).InvokeAsync();
