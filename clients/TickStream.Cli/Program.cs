using System.CommandLine;
using TickStream.Cli.Commands;
using TickStream.Cli.Hosting;

// The verbs that publish close NetMQ before they exit so that queued frames are delivered (NetMQFlush).
NetMQFlush.OwnsProcess = true;

var root = new RootCommand("tickstream: real-time market data over ZeroMQ, in SBE frames. See docs/ in the repository.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
