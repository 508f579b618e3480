using System.CommandLine;

var root = new RootCommand("TickStream: real-time market data over ZeroMQ, in SBE frames.");
return root.Parse(args).Invoke();
