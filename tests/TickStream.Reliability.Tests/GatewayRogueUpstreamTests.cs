using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;
using TickStream.FeedHandler;
using TickStream.Gateway;
using TickStream.Sources;
using TickStream.Testing;
using TickStream.Wire;

namespace TickStream.Reliability.Tests;

/// <summary>
/// A rogue publisher beside a real feed handler on the gateway's upstream side: every kind of bad message is counted
/// by cause and dropped, nothing bad reaches a client or the cache, good traffic continues without a gap. Loopback only.
/// </summary>
public sealed class GatewayRogueUpstreamTests
{
    private const int Rounds = 25;
    private const int MaxUpstreamMessageSize = 16 * 1024;
    private const int LogLinesPerSecond = 20;
    private const ushort RogueStream = 900;
    private const ushort BadStream = 777;
    private const ushort ProbeStream = 65_001;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void RogueUpstream_BadMessagesOfEveryKind_CountedByCauseDroppedAndGoodTrafficContinues()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 9, TicksPerSecond = 2_000, BurstRateMultiplier = 1, Symbols = ["AAPL", "MSFT", "SPY"] };
        using var feed = new FeedEngine(new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", HeartbeatInterval = TimeSpan.FromMilliseconds(100) },
            [new SyntheticMarket(market, registry)], registry);
        feed.StartPublisher();

        using var rogue = new XPublisherSocket();
        rogue.Options.Linger = TimeSpan.Zero;
        rogue.Options.SendHighWatermark = 100_000;
        var roguePort = rogue.BindRandomPort("tcp://127.0.0.1");

        var logger = new ListLogger();
        var options = new GatewayOptions
        {
            Publish = "tcp://127.0.0.1:*",
            Request = "tcp://127.0.0.1:*",
            MaxUpstreamMessageSize = MaxUpstreamMessageSize,
            RejectionLogLinesPerSecond = LogLinesPerSecond,
        };
        options.Upstreams.Add(feed.Endpoint);
        options.Upstreams.Add($"tcp://127.0.0.1:{roguePort}");
        using var gateway = new GatewayEngine(options, logger);
        gateway.Start();

        // A raw client that takes everything and keeps every message, and a TickSubscriber that tracks sequences.
        using var raw = new RawCollector(gateway.PublishEndpoint);
        var subscriberOptions = new TickSubscriberOptions { SubscribeAll = true, HeartbeatTimeout = TimeSpan.FromSeconds(30) };
        subscriberOptions.Endpoints.Add(gateway.PublishEndpoint);
        long feedTicks = 0;
        long rogueQuotes = 0;
        long probes = 0;
        using var subscriber = new TickSubscriber(subscriberOptions, (in TickView tick) =>
        {
            if (tick.Kind == Client.TickKind.Heartbeat && tick.StreamId == ProbeStream)
            {
                Interlocked.Increment(ref probes);
            }
            else if (tick.Kind is Client.TickKind.Trade or Client.TickKind.Quote)
            {
                Interlocked.Increment(ref tick.StreamId == RogueStream ? ref rogueQuotes : ref feedTicks);
            }
        });

        // Subscriptions join late: wait until the clients' subscription reached both upstreams, then probe.
        Assert.True(WaitUntil(() => rogue.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(10), out var s) && s is [1]), "the subscription never reached the rogue");
        Assert.True(WaitUntil(() => feed.Counters.Subscriptions >= 4), $"the feed has {feed.Counters.Subscriptions} subscriptions");
        var probe = Heartbeat(ProbeStream);
        Assert.True(WaitUntil(() =>
        {
            rogue.SendFrame(probe);
            return raw.Count(probe) > 0 && Interlocked.Read(ref probes) > 0;
        }), "no probe arrived through the gateway");
        feed.StartSources();

        // Phase 1: every kind of bad message, and between them legal frames of a newer schema version.
        var bad = BadMessages();
        var expected = new Dictionary<FrameRejection, long>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (parts, cause) in bad)
            {
                for (var i = 0; i < parts.Length; i++)
                {
                    rogue.SendFrame(parts[i], more: i < parts.Length - 1);
                }

                expected[cause] = expected.GetValueOrDefault(cause) + 1;
            }

            rogue.SendFrame(NewerVersionQuote((ulong)round + 1));
        }

        var total = expected.Values.Sum();
        Assert.True(WaitUntil(() => gateway.Counters.Malformed >= total && Interlocked.Read(ref rogueQuotes) >= Rounds),
            $"malformed {gateway.Counters.Malformed} of {total}, newer-version quotes {rogueQuotes} of {Rounds}: {gateway.Counters}");
        Assert.Equal(total, gateway.Counters.Malformed);
        foreach (var cause in Enum.GetValues<FrameRejection>())
        {
            Assert.True(expected.GetValueOrDefault(cause) == gateway.Counters.RejectedBy(cause),
                $"{cause}: expected {expected.GetValueOrDefault(cause)}, counted {gateway.Counters.RejectedBy(cause)}");
        }

        // Phase 2: oversized messages. ZeroMQ drops each with the rogue's connection, which the gateway counts, and
        // reconnects: the rogue's legal frames get through again afterwards.
        var oversized = new byte[2 * MaxUpstreamMessageSize];
        "Q.BAD|"u8.CopyTo(oversized);
        var disconnectsBefore = gateway.Counters.UpstreamDisconnects;
        Assert.True(WaitUntil(() =>
        {
            rogue.SendFrame(oversized);
            return gateway.Counters.UpstreamDisconnects > disconnectsBefore;
        }), "an oversized message did not close the rogue's connection");
        var secondProbe = Heartbeat(ProbeStream, time: 2);
        Assert.True(WaitUntil(() =>
        {
            rogue.SendFrame(secondProbe);
            return raw.Count(secondProbe) > 0;
        }), "the gateway did not take frames from the rogue again after the reconnect");
        Assert.Equal(total, gateway.Counters.Malformed);

        // The good feed lost nothing: every tick it took in reached the subscriber, without a gap.
        Assert.True(feed.Stop());
        Assert.True(WaitUntil(() => Interlocked.Read(ref feedTicks) >= feed.Counters.TicksIn),
            $"the subscriber has {feedTicks} of the feed's {feed.Counters.TicksIn} ticks");
        Assert.True(feed.Counters.TicksIn > 0);
        Assert.Equal(feed.Counters.TicksIn, Interlocked.Read(ref feedTicks));
        Assert.Equal(Rounds, Interlocked.Read(ref rogueQuotes));
        Assert.Equal(0, subscriber.Counters.Gaps);

        // Nothing bad reached a client: no bad message (or part of one) arrived, and every message is valid.
        var badSet = bad.SelectMany(static b => b.Parts).Append(oversized).Select(Convert.ToHexString).ToHashSet();
        var received = raw.Snapshot();
        Assert.DoesNotContain(received, m => badSet.Contains(Convert.ToHexString(m)));
        Assert.All(received, m => Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage(m, out _, out _)));
        Assert.Equal(0, subscriber.Counters.Malformed);

        // The gateway is alive, serves a snapshot, and cached nothing of the rogue's bad frames.
        var snapshot = Request(gateway.RequestEndpoint, "SNAPSHOT *");
        Assert.Equal("END", snapshot.Last.ConvertToString());
        var snapshots = 0;
        for (var i = 0; i < snapshot.FrameCount - 1; i++)
        {
            var frame = snapshot[i].ToByteArray();
            Assert.True(Topic.TrySplit(frame, out var topic, out var body));
            if (topic[0] == (byte)'X')
            {
                Assert.True(SnapshotDecoder.TryWrap(body, out var decoded, out _));
                Assert.NotEqual(BadStream, decoded.StreamId);
                snapshots++;
            }
            else
            {
                Assert.True(StreamStartDecoder.TryWrap(body, out var start, out _));
                Assert.NotEqual(BadStream, start.StreamId);
            }
        }

        Assert.True(snapshots >= 3, $"only {snapshots} snapshot frames");

        // One log line per dropped message, at most the limit per second, then a line that counts the rest.
        gateway.Stop();
        var dropLines = logger.Lines.Where(static l => l.StartsWith("Upstream message dropped", StringComparison.Ordinal)).ToList();
        var suppressed = logger.Lines.Where(static l => l.Contains("more upstream messages dropped", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dropLines);
        Assert.NotEmpty(suppressed);
        Assert.True(dropLines.Count < total, $"{dropLines.Count} lines for {total} drops: not rate-limited");
        Assert.Contains(logger.Lines, static l => l.StartsWith("Upstream connection", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage(
            $"rogue: {total} bad messages in {Rounds} rounds ({string.Join(", ", expected.Select(static e => $"{e.Key} {e.Value}"))}), all counted and dropped; " +
            $"{gateway.Counters.UpstreamDisconnects - disconnectsBefore} disconnects for oversized messages; {Rounds} newer-version quotes forwarded; " +
            $"feed {feed.Counters.TicksIn} ticks, all received, 0 gaps; raw client {received.Count} messages, none bad; " +
            $"{snapshots} snapshots served; log: {dropLines.Count} drop lines, {suppressed.Count} suppressed-count lines");
    }

    private static bool WaitUntil(Func<bool> condition) => Poll.Until(condition, Deadline);

    private static NetMQMessage Request(string endpoint, string command)
    {
        using var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Connect(endpoint);
        Assert.True(dealer.TrySendFrame(Deadline, command));
        var reply = new NetMQMessage();
        Assert.True(dealer.TryReceiveMultipartMessage(Deadline, ref reply), "no reply to " + command);
        return reply;
    }

    /// <summary>Every kind of bad message (its ZeroMQ frames) and the cause the gateway must count it under.</summary>
    private static List<(byte[][] Parts, FrameRejection Cause)> BadMessages()
    {
        var quote = Quote("Q.BAD|", "BAD", BadStream, 1);
        var wrongSchema = (byte[])quote.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(wrongSchema.AsSpan(6 + 4), 101);
        var unknownTemplate = (byte[])quote.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(unknownTemplate.AsSpan(6 + 2), 99);

        // A higher version is legal SBE, but not with a block shorter than this build's Quote.
        var shortBlockNewVersion = (byte[])quote.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(shortBlockNewVersion.AsSpan(6), 80);
        BinaryPrimitives.WriteUInt16LittleEndian(shortBlockNewVersion.AsSpan(6 + 6), 2);

        var tradeFrame = Trade("BAD", BadStream);
        var heartbeat = Heartbeat(BadStream);
        return
        [
            ([Encoding.ASCII.GetBytes("this is not a tick, just garbage")], FrameRejection.NoTopic),
            ([[.. "Z.BAD|"u8, .. quote.AsSpan(6)]], FrameRejection.BadTopic),
            ([quote[..(6 + 5)]], FrameRejection.TooShortForHeader),
            ([quote[..(6 + 50)]], FrameRejection.TruncatedBlock),
            ([heartbeat[..(2 + 8 + 10)]], FrameRejection.TruncatedBlock),
            ([wrongSchema], FrameRejection.WrongSchema),
            ([unknownTemplate], FrameRejection.UnknownTemplate),
            ([shortBlockNewVersion], FrameRejection.BlockTooShort),
            ([[.. "Q.BAD|"u8, .. tradeFrame]], FrameRejection.TopicMismatch),
            ([Quote("Q.MSFT|", "BAD", BadStream, 2)], FrameRejection.SymbolMismatch),
            ([BookUpdateWithTooManyLevels()], FrameRejection.TruncatedGroup),
            ([StreamStartWithLyingName()], FrameRejection.TruncatedVarData),
            ([quote, Quote("Q.BAD|", "BAD", BadStream, 3)], FrameRejection.Multipart),
        ];
    }

    private static byte[] Quote(string topic, string symbol, ushort stream, ulong seq)
    {
        var buffer = new byte[256];
        var topicLength = Encoding.ASCII.GetBytes(topic, buffer);
        var e = QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        e.SetStreamSeq(seq);
        e.SetSymbolSeq(seq);
        e.SetExchangeTime(1);
        e.SetIngestTime((ulong)WireClock.NowNanoseconds());
        e.SetStreamId(stream);
        e.SetSymbol(symbol);
        e.SetVenue("SYNT");
        e.BidPrice.SetMantissa(99_000_000_000);
        e.SetBidSize(10);
        e.AskPrice.SetMantissa(101_000_000_000);
        e.SetAskSize(10);
        return buffer[..(topicLength + e.EncodedLength)];
    }

    // Version 1 of a Quote that appended 8 bytes to the block: legal SBE, forwarded, read by its blockLength.
    private static byte[] NewerVersionQuote(ulong seq)
    {
        var v0 = Quote("Q.ROGUE|", "ROGUE", RogueStream, seq);
        var message = new byte[v0.Length + 8];
        v0.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(8), QuoteDecoder.BlockLength + 8);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(8 + 6), 1);
        return message;
    }

    private static byte[] Trade(string symbol, ushort stream)
    {
        var buffer = new byte[256];
        var e = TradeEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(1);
        e.SetSymbolSeq(1);
        e.SetStreamId(stream);
        e.SetSymbol(symbol);
        e.SetVenue("SYNT");
        e.Price.SetMantissa(100_000_000_000);
        e.SetSize(1);
        return buffer[..e.EncodedLength];
    }

    // streamSeq 0: a heartbeat of a stream that has sent no tick, so no subscriber sees a lost tail.
    private static byte[] Heartbeat(ushort stream, ulong time = 1)
    {
        var buffer = new byte[64];
        var length = Topic.WriteControl(buffer, TopicClass.Heartbeat);
        var e = HeartbeatEncoder.WrapAndApplyHeader(buffer.AsSpan(length));
        e.SetStreamSeq(0);
        e.SetTime(time);
        e.SetStreamId(stream);
        return buffer[..(length + e.EncodedLength)];
    }

    private static byte[] BookUpdateWithTooManyLevels()
    {
        var buffer = new byte[256];
        var topicLength = Encoding.ASCII.GetBytes("B.BAD|", buffer);
        var e = BookUpdateEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        e.SetStreamId(BadStream);
        e.SetSymbol("BAD");
        e.SetVenue("SYNT");
        var levels = e.LevelsCount(1);
        levels.Next();
        levels.SetSize(5);
        var length = topicLength + e.EncodedLength;

        // The group says 1 000 levels; the frame carries one.
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(topicLength + 8 + BookUpdateDecoder.BlockLength + 2), 1_000);
        return buffer[..length];
    }

    private static byte[] StreamStartWithLyingName()
    {
        var buffer = new byte[128];
        var length = Topic.WriteControl(buffer, TopicClass.StreamStart);
        var e = StreamStartEncoder.WrapAndApplyHeader(buffer.AsSpan(length));
        e.SetSessionId(1);
        e.SetTime(1);
        e.SetStreamId(BadStream);
        e.SetStreamName("ROGUE");
        var total = length + e.EncodedLength;

        // The name's length says 4 000 bytes; the frame carries five.
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(length + 8 + StreamStartDecoder.BlockLength), 4_000);
        return buffer[..total];
    }

    /// <summary>A SUB socket on a thread of its own that keeps every message it receives.</summary>
    private sealed class RawCollector : IDisposable
    {
        private readonly SubscriberSocket _socket = new();
        private readonly ConcurrentQueue<byte[]> _messages = new();
        private readonly Thread _thread;
        private volatile bool _stop;

        public RawCollector(string endpoint)
        {
            _socket.Options.Linger = TimeSpan.Zero;
            _socket.Options.ReceiveHighWatermark = 1_000_000;
            _socket.Connect(endpoint);
            _socket.SubscribeToAnyTopic();
            _thread = new Thread(Run) { IsBackground = true, Name = "raw-collector" };
            _thread.Start();
        }

        public int Count(byte[] message) => _messages.Count(m => m.AsSpan().SequenceEqual(message));

        public List<byte[]> Snapshot() => [.. _messages];

        public void Dispose()
        {
            _stop = true;
            _thread.Join(Deadline);
            _socket.Dispose();
        }

        private void Run()
        {
            while (!_stop)
            {
                if (_socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out var message, out var more))
                {
                    // A multipart message would show as its parts: keep them all, so none can hide.
                    _messages.Enqueue(message);
                    _ = more;
                }
            }
        }
    }
}
