using TickStream.Cli.Hosting;

// The verbs that publish close NetMQ before they exit so that queued frames are delivered (NetMQFlush).
NetMQFlush.OwnsProcess = true;

return await CliEntry.RunAsync(args, Console.Out, Console.Error);
