using System.CommandLine;
using NetMQ;
using TickStream.Cli.Commands;
using TickStream.Cli.Replay;
using TickStream.FeedHandler;
using TickStream.Journal;
using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.Replay.Tests;

/// <summary>Recording a live feed handler, replaying it, feeding a journal back as a source, and the verbs.</summary>
public sealed class EndToEndTests
{
    private static readonly TimeSpan Deadline = JournalReplayerTests.Deadline;

    private static FeedHandlerOptions LoopbackOptions() => new()
    {
        Publish = "tcp://127.0.0.1:*",
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        RingSize = 4096,
    };

    private static List<byte[]> WithoutHeartbeats(List<byte[]> messages) =>
        messages.FindAll(m => !m.AsSpan().StartsWith("H|"u8));

    private static async Task<int> Invoke(Command command, params string[] args)
    {
        var root = new RootCommand("test") { command };
        return await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Record_LiveSyntheticFeed_ReplaysByteIdenticalFrames()
    {
        using var files = new TestJournal();
        var directory = files.PathOf("recorded");
        var market = new SyntheticMarketOptions { Seed = 3, TicksPerSecond = 5_000, MaxTicks = 3_000, Symbols = ["AAPL", "MSFT", "SPY"] };
        var registry = new InstrumentRegistry();
        using var engine = new FeedEngine(LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        using var live = new FrameCollector(engine.Endpoint);

        var recorder = new Recorder(engine.Endpoint, [], null, TimeSpan.FromHours(1), TextWriter.Null);
        using var stopRecording = new CancellationTokenSource();
        var writer = JournalWriter.Open(directory, new JournalWriterOptions { StreamName = "test" });
        var recording = Task.Factory.StartNew(() => recorder.Run(writer, stopRecording.Token), TaskCreationOptions.LongRunning);
        TestJournal.WaitFor(() => engine.Counters.Subscriptions >= 2, Deadline, "the recorder and the live subscriber joined");

        engine.StartSources();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(engine.Stop());
        live.WaitUntilQuiet(TimeSpan.FromMilliseconds(300), Deadline);
        var liveFrames = WithoutHeartbeats(live.Snapshot());
        TestJournal.WaitFor(() => recorder.Records >= liveFrames.Count, Deadline, $"recorded {recorder.Records} of {liveFrames.Count}");
        await stopRecording.CancelAsync();
        await recording.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        writer.Dispose();

        var journal = TestJournal.ReadAll(directory);
        Assert.True(liveFrames.Count >= 3_000, $"live frames {liveFrames.Count}");
        var recordedFrames = WithoutHeartbeats(journal.ConvertAll(r => r.Message));
        Assert.Equal(liveFrames.Count, recordedFrames.Count);
        for (var i = 0; i < liveFrames.Count; i++)
        {
            Assert.True(liveFrames[i].AsSpan().SequenceEqual(recordedFrames[i]), $"recorded message {i} differs from live");
        }

        var (summary, replayed) = JournalReplayerTests.ReplayToCollector(directory, ReplaySpeed.Max, expected: journal.Count);
        Assert.Equal(journal.Count, summary.FramesSent);
        Assert.Equal(journal.Count, replayed.Count);
        for (var i = 0; i < journal.Count; i++)
        {
            Assert.True(journal[i].Message.AsSpan().SequenceEqual(replayed[i]), $"replayed message {i} differs from the journal");
        }
    }

    [Fact]
    public async Task FeedJournal_HoldsTheHeartbeatsSentAndAReplaySendsThem()
    {
        using var files = new TestJournal();
        var directory = files.PathOf("feed");
        var options = LoopbackOptions();
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
        options.JournalDirectory = directory;
        var market = new SyntheticMarketOptions { Seed = 5, TicksPerSecond = 2_000, MaxTicks = 600, Symbols = ["AAPL", "MSFT"] };
        var registry = new InstrumentRegistry();
        List<byte[]> liveHeartbeats;
        using (var engine = new FeedEngine(options, [new SyntheticMarket(market, registry)], registry))
        {
            engine.StartPublisher();
            using var live = new FrameCollector(engine.Endpoint);
            TestJournal.WaitFor(() => engine.Counters.DataSubscriptions >= 1, Deadline, "the live subscriber joined");
            engine.StartSources();
            await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);

            // Idle after the ticks: the heartbeats of an idle feed must reach the journal too.
            var idleFrom = engine.Counters.Heartbeats;
            TestJournal.WaitFor(() => engine.Counters.Heartbeats >= idleFrom + 3, Deadline, "heartbeats while idle");
            Assert.True(engine.Stop());
            live.WaitUntilQuiet(TimeSpan.FromMilliseconds(300), Deadline);
            liveHeartbeats = live.WithTopic("H|");
        }

        var journal = TestJournal.ReadAll(directory).ConvertAll(r => r.Message);
        var journaled = journal.FindAll(m => m.AsSpan().StartsWith("H|"u8));
        Assert.True(journaled.Count >= 3, $"journaled heartbeats {journaled.Count}, live {liveHeartbeats.Count}");

        // Every journaled heartbeat is one the subscriber received, in the same order (the journal may miss one
        // sent as the processors halted, never hold one that was not sent).
        var next = 0;
        foreach (var heartbeat in journaled)
        {
            while (next < liveHeartbeats.Count && !liveHeartbeats[next].AsSpan().SequenceEqual(heartbeat))
            {
                next++;
            }

            Assert.True(next < liveHeartbeats.Count, "a journaled heartbeat the subscriber did not receive in that order");
            next++;
        }

        var (summary, replayed) = JournalReplayerTests.ReplayToCollector(directory, ReplaySpeed.Max, expected: journal.Count);
        Assert.Equal(journal.Count, summary.FramesSent);
        Assert.Equal(journaled.Count, replayed.Count(m => m.AsSpan().StartsWith("H|"u8)));
    }

    [Fact]
    public async Task JournalSource_ThroughFeedEngine_RepublishesRecordedTicksWithNewSequences()
    {
        using var files = new TestJournal();
        var (directory, records) = files.WriteQuotes("j", 1_000, 1_000, "AAPL", "MSFT");
        var registry = new InstrumentRegistry();
        Assert.True(SourceFactory.TryCreate("journal:" + directory, new SyntheticMarketOptions(), registry, out var source, out var error), error);
        Assert.IsType<JournalTickSource>(source);

        using var engine = new FeedEngine(LoopbackOptions(), [source!], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "Q.");
        TestJournal.WaitFor(() => engine.Counters.Subscriptions >= 1, Deadline, "the subscriber joined");
        engine.StartSources();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(engine.Stop());
        Assert.True(collector.WaitUntilCount(records.Count, Deadline), $"received {collector.Count} of {records.Count}");

        var received = collector.Snapshot();
        Assert.Equal(records.Count, received.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.True(Topic.TrySplit(records[i].Message, out var recordedTopic, out var recordedFrame));
            Assert.True(Topic.TrySplit(received[i], out var topic, out var frame));
            Assert.True(recordedTopic.SequenceEqual(topic));
            Assert.True(QuoteDecoder.TryWrap(recordedFrame, out var was, out _));
            Assert.True(QuoteDecoder.TryWrap(frame, out var now, out _));
            Assert.Equal((ulong)(i + 1), now.StreamSeq);
            Assert.Equal(was.ExchangeTime, now.ExchangeTime);
            Assert.Equal(was.BidPrice.Mantissa, now.BidPrice.Mantissa);
            Assert.Equal(was.AskPrice.Mantissa, now.AskPrice.Mantissa);
            Assert.Equal(was.BidSize, now.BidSize);
            Assert.Equal(was.AskSize, now.AskSize);
            Assert.Equal("XNAS", now.GetVenueString());
        }

        Assert.Equal(records.Count, source!.Counters.TicksRead);
        Assert.Equal(0, source.Counters.Malformed);
    }

    [Fact]
    public void JournalSource_MissingDirectory_IsRefusedWithAMessage()
    {
        Assert.False(SourceFactory.TryCreate("journal:no-such-journal-dir", new SyntheticMarketOptions(), new InstrumentRegistry(), out _, out var error));
        Assert.Contains("no-such-journal-dir", error!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordVerb_LiveFeedForADuration_ExitsZeroAndRecordsOnlyTheSymbol()
    {
        using var files = new TestJournal();
        var directory = files.PathOf("verb");
        var market = new SyntheticMarketOptions { Seed = 5, TicksPerSecond = 2_000, Symbols = ["AAPL", "MSFT"] };
        var registry = new InstrumentRegistry();
        using var engine = new FeedEngine(LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        engine.Start();

        var exit = await Invoke(RecordCommand.Create(), "record", "--connect", engine.Endpoint, "--out", directory,
            "--duration", "00:00:01.5", "AAPL");
        engine.Stop();

        Assert.Equal(0, exit);
        var inspection = JournalInspector.Inspect(directory);
        Assert.True(inspection.Records > 100, inspection.ToText());
        Assert.True(inspection.IsHealthy, inspection.ToText());
        // Heartbeats (one per second, busy or idle) and stream starts carry no symbol: "(none)".
        Assert.Equal(["AAPL"], inspection.RecordsBySymbol.Keys.Where(symbol => symbol != "(none)"));
        Assert.True(inspection.RecordsBySymbol["AAPL"] > 100, inspection.ToText());
    }

    [Fact]
    public async Task Record_WithReq_RepairsTheGapsAndWritesAJournalWithoutHoles()
    {
        using var files = new TestJournal();
        var directory = files.PathOf("repaired");
        using var server = new FakeRequestServer();
        using var publisher = new NetMQ.Sockets.PublisherSocket();
        publisher.Options.Linger = TimeSpan.Zero;
        publisher.Bind("tcp://127.0.0.1:*");
        var recorder = new Recorder(publisher.Options.LastEndpoint!, ["AAPL"], null, TimeSpan.FromHours(1), TextWriter.Null)
        {
            RequestEndpoint = server.Endpoint,
        };
        using var stopRecording = new CancellationTokenSource();
        var writer = JournalWriter.Open(directory, new JournalWriterOptions { StreamName = "test" });
        var recording = Task.Factory.StartNew(() => recorder.Run(writer, stopRecording.Token), TaskCreationOptions.LongRunning);

        var quotes = new List<byte[]>();
        for (ulong i = 1; i <= 50; i++)
        {
            var quote = TestJournal.Quote("AAPL", i, TestJournal.StartNs + (long)i);
            quotes.Add(quote);
            server.Add(quote);
        }

        // The first quote until the subscription is live: the repeats are duplicates, dropped and not recorded.
        TestJournal.WaitFor(() =>
        {
            publisher.SendFrame(quotes[0]);
            return recorder.Records > 0;
        }, Deadline, "the recorder's subscription");
        foreach (var (quote, i) in quotes.Select((q, i) => (q, i + 1)).Skip(1))
        {
            if (i is not (10 or 11 or 12 or 30))
            {
                publisher.SendFrame(quote);
            }
        }

        TestJournal.WaitFor(() => recorder.Records >= quotes.Count, Deadline, $"recorded {recorder.Records} of {quotes.Count}");
        await stopRecording.CancelAsync();
        await recording.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        writer.Dispose();

        var recorded = TestJournal.ReadAll(directory).ConvertAll(r => r.Message).FindAll(m => m.AsSpan().StartsWith("Q.AAPL|"u8));
        Assert.Equal(quotes, recorded);
        Assert.Equal((2, 0), (recorder.GapsRepaired, recorder.GapsLost));
    }

    [Fact]
    public async Task RecordVerb_BadSymbol_ExitsTwo()
    {
        using var files = new TestJournal();
        Assert.Equal(2, await Invoke(RecordCommand.Create(), "record", "--connect", "tcp://127.0.0.1:1", "--out", files.PathOf("x"), "aapl"));
    }

    [Fact]
    public async Task InspectVerb_CleanCorruptAndMissing_ExitZeroOneTwo()
    {
        using var files = new TestJournal();
        var (clean, _) = files.WriteQuotes("clean", 100, 1_000, "AAPL");
        var (corrupt, _) = files.WriteQuotes("corrupt", 100, 1_000, "AAPL");
        var segment = Path.Combine(corrupt, "00000001.tsj");
        var bytes = File.ReadAllBytes(segment);
        bytes[128 + (50 * (16 + 111)) + 30] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        Assert.Equal(0, await Invoke(JournalCommand.Create(), "journal", "inspect", clean));
        Assert.Equal(1, await Invoke(JournalCommand.Create(), "journal", "inspect", corrupt));
        Assert.Equal(2, await Invoke(JournalCommand.Create(), "journal", "inspect", files.PathOf("missing")));
    }

    [Fact]
    public async Task ReplayVerb_BadSpeedOrTime_ExitsTwo()
    {
        using var files = new TestJournal();
        var (directory, _) = files.WriteQuotes("j", 10, 1_000, "AAPL");
        Assert.Equal(2, await Invoke(ReplayCommand.Create(), "replay", directory, "--speed", "fast"));
        Assert.Equal(2, await Invoke(ReplayCommand.Create(), "replay", directory, "--from", "noon"));
        Assert.Equal(2, await Invoke(ReplayCommand.Create(), "replay", files.PathOf("missing")));
    }

    [Fact]
    public async Task ReplayVerb_WholeJournalAtMax_ExitsZero()
    {
        using var files = new TestJournal();
        var (directory, _) = files.WriteQuotes("j", 500, 1_000, "AAPL");
        Assert.Equal(0, await Invoke(ReplayCommand.Create(), "replay", directory, "--pub", "tcp://127.0.0.1:*", "--speed", "max", "--wait-subscribers", "0"));
    }

    [Fact]
    public async Task ReplayVerb_NoSubscriberWithinTheWait_ExitsOneWithoutSending()
    {
        using var files = new TestJournal();
        var (directory, _) = files.WriteQuotes("j", 50, 1_000, "AAPL");
        Assert.Equal(1, await Invoke(ReplayCommand.Create(), "replay", directory, "--pub", "tcp://127.0.0.1:*", "--speed", "max", "--wait-timeout", "00:00:00.3"));
    }
}
