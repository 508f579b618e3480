using System.Globalization;
using TickStream.Client;
using TickStream.Reliability.SyncedClient;

// Usage:
//   TickStream.Reliability.SyncedClient synced PUB_ENDPOINT REQ_ENDPOINT SYMBOLS HEARTBEAT_TIMEOUT_MS
//   TickStream.Reliability.SyncedClient direct PUB_ENDPOINT SYMBOLS HEARTBEAT_TIMEOUT_MS
// SYMBOLS are comma-separated. "synced" is a SyncedSubscriber through a gateway; "direct" a TickSubscriber on a
// feed handler (the reference). Events are printed as they happen (ready, stale, recovered, gap). Standard input
// takes commands: "state" prints "state-begin", one "entry ..." line per (symbol, class), a "counters ..." line
// and "state-end"; "quit" or the end of input ends the program.
if (args.Length < 4 || (args[0] == "synced" && args.Length != 5) || args[0] is not ("synced" or "direct"))
{
    Console.Error.WriteLine("usage: synced PUB REQ SYMBOLS HEARTBEAT_TIMEOUT_MS | direct PUB SYMBOLS HEARTBEAT_TIMEOUT_MS");
    return 2;
}

var synced = args[0] == "synced";
var symbols = args[synced ? 3 : 2].Split(',', StringSplitOptions.RemoveEmptyEntries);
var heartbeat = TimeSpan.FromMilliseconds(int.Parse(args[synced ? 4 : 3], CultureInfo.InvariantCulture));
var options = new TickSubscriberOptions { HeartbeatTimeout = heartbeat };
options.Endpoints.Add(args[1]);
var state = new ClientState();
var output = TextWriter.Synchronized(Console.Out);
long snapshots = 0;

SyncedSubscriber? syncedSubscriber = null;
TickSubscriber subscriber;
if (synced)
{
    syncedSubscriber = new SyncedSubscriber(options, args[2], (in TickView tick) => state.Apply(in tick), snapshot =>
    {
        state.ApplySnapshot(snapshot);
        Interlocked.Increment(ref snapshots);
    });
    subscriber = syncedSubscriber.Subscriber;
}
else
{
    foreach (var symbol in symbols)
    {
        options.Symbols.Add(symbol);
    }

    subscriber = new TickSubscriber(options, (in TickView tick) => state.Apply(in tick));
}

subscriber.StreamStale += (_, e) => output.WriteLine($"stale {e.StreamId}");
subscriber.StreamRecovered += (_, e) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recovered {e.StreamId} {e.Silence.TotalMilliseconds:F0}"));
subscriber.GapDetected += (_, gap) => output.WriteLine($"gap {gap}");
if (syncedSubscriber is not null)
{
    foreach (var symbol in symbols)
    {
        syncedSubscriber.Subscribe(symbol);
    }
}

output.WriteLine("ready");
try
{
    while (Console.In.ReadLine() is { } command && command != "quit")
    {
        if (command != "state")
        {
            output.WriteLine($"error unknown command '{command}'");
            continue;
        }

        var lines = state.Lines();
        var c = subscriber.Counters;
        var text = new System.Text.StringBuilder("state-begin\n");
        foreach (var line in lines)
        {
            text.Append("entry ").Append(line).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture,
            $"counters frames={c.FramesReceived} ticks={c.Trades + c.Quotes} gaps={c.Gaps} missing={c.MissingFrames} stale={c.StaleEvents} ");
        text.Append(CultureInfo.InvariantCulture,
            $"syncedGaps={syncedSubscriber?.Gaps ?? 0} resyncs={syncedSubscriber?.ResyncRequests ?? 0} recoveryResyncs={syncedSubscriber?.RecoveryResyncs ?? 0} ");
        text.Append(CultureInfo.InvariantCulture,
            $"requests={syncedSubscriber?.SnapshotRequests ?? 0} failed={syncedSubscriber?.FailedRequests ?? 0} snapshots={Interlocked.Read(ref snapshots)} duplicates={syncedSubscriber?.Duplicates ?? 0}\n");
        text.Append("state-end");
        output.WriteLine(text.ToString());
    }
}
finally
{
    if (syncedSubscriber is not null)
    {
        syncedSubscriber.Dispose();
    }
    else
    {
        subscriber.Dispose();
    }
}

return 0;
