using System.CommandLine;
using TickStream.Cli.Commands;

var root = new RootCommand("tickstream: real-time market data over ZeroMQ, in SBE frames. See docs/ in the repository.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
