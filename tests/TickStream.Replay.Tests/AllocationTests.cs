using NetMQ;
using NetMQ.Sockets;
using TickStream.Sources;

namespace TickStream.Replay.Tests;

/// <summary>Per frame, the replayer and the journal source allocate nothing of their own.</summary>
public sealed class AllocationTests
{
    private const int Short = 2_000;
    private const int Long = 22_000;

    [Fact]
    public void Replayer_PerFrame_AllocatesNoMoreThanRawNetMqSend()
    {
        using var files = new TestJournal();
        var (shortJournal, records) = files.WriteQuotes("short", Short, 1_000, "AAPL", "MSFT");
        var (longJournal, _) = files.WriteQuotes("long", Long, 1_000, "AAPL", "MSFT");
        var raw = RawNetMqBytesPerMessage(records[0].Message);

        ReplayAllocated(shortJournal); // warm-up: JIT, NetMQ's first connections
        var ours = (double)(ReplayAllocated(longJournal) - ReplayAllocated(shortJournal)) / (Long - Short);

        TestContext.Current.TestOutputHelper?.WriteLine($"replay: {ours:F1} B/frame; raw NetMQ send: {raw:F1} B/msg");
        // NetMQ's own allocations per send vary with timing; the margin covers that, not code of ours.
        Assert.True(ours <= (raw * 1.1) + 8, $"replay allocates {ours:F1} B/frame, raw NetMQ {raw:F1} B/msg");
    }

    [Fact]
    public void JournalSource_PerTick_AllocatesNothingOnceSymbolsAreKnown()
    {
        using var files = new TestJournal();
        var (shortJournal, _) = files.WriteQuotes("short", Short, 1_000, "AAPL", "MSFT");
        var (longJournal, _) = files.WriteQuotes("long", Long, 1_000, "AAPL", "MSFT");
        var registry = new InstrumentRegistry();

        SourceAllocated(shortJournal, registry); // warm-up, and registers the symbols
        var perTick = (double)(SourceAllocated(longJournal, registry) - SourceAllocated(shortJournal, registry)) / (Long - Short);

        TestContext.Current.TestOutputHelper?.WriteLine($"journal source: {perTick:F2} B/tick");
        Assert.True(perTick < 1, $"the journal source allocates {perTick:F2} B/tick");
    }

    private static long ReplayAllocated(string directory)
    {
        using var replayer = new JournalReplayer(new ReplayOptions
        {
            Directory = directory,
            Publish = "tcp://127.0.0.1:*",
            Speed = ReplaySpeed.Max,
            WaitForSubscriptions = 1,
            WaitTimeout = JournalReplayerTests.Deadline,
            Linger = TimeSpan.Zero,
        });
        replayer.Bind();
        using var sub = new SubscriberSocket();
        sub.Options.ReceiveHighWatermark = 1_000_000;
        sub.Subscribe("");
        sub.Connect(replayer.Endpoint);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var summary = replayer.Run(TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, summary.SendFailures);
        return allocated;
    }

    private static long SourceAllocated(string directory, InstrumentRegistry registry)
    {
        var cancel = TestContext.Current.CancellationToken;
        var sinks = new List<CountingSink>();
        var allocated = Allocation.FewestBytes(
            () =>
            {
                var sink = new CountingSink();
                sinks.Add(sink);
                return (Source: new JournalTickSource(directory, registry), Sink: sink);
            },
            run => run.Source.Run(run.Sink, cancel));
        foreach (var sink in sinks)
        {
            Assert.True(sink.Count is Short or Long, $"{sink.Count} ticks");
        }

        return allocated;
    }

    private static double RawNetMqBytesPerMessage(byte[] frame)
    {
        using var pub = new XPublisherSocket();
        pub.Options.SendHighWatermark = 1_000_000;
        pub.Bind("tcp://127.0.0.1:*");
        using var sub = new SubscriberSocket();
        sub.Options.ReceiveHighWatermark = 1_000_000;
        sub.Connect(pub.Options.LastEndpoint!);
        sub.Subscribe("");
        Assert.True(pub.TryReceiveFrameBytes(JournalReplayerTests.Deadline, out _), "the subscription arrived");
        long before = 0;
        for (var i = 0; i <= Long; i++)
        {
            if (i == Short)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            var msg = default(Msg);
            msg.InitPool(frame.Length);
            frame.CopyTo(msg.Slice());
            pub.TrySend(ref msg, TimeSpan.Zero, more: false);
            msg.Close();
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / (Long - Short);
    }

    private sealed class CountingSink : ITickSink
    {
        public long Count { get; private set; }

        public void OnTick(ref RawTick tick) => Count++;
    }
}
