using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NetMQ;
using TickStream.Gateway;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.Fuzzing;

/// <summary>
/// Fuzzes the gateway's request service (parsing and handling, without a socket): valid SNAPSHOT, LIST, REPLAY,
/// LOGIN, SUBSCRIBE and UNSUBSCRIBE requests in every form docs/GATEWAY.md allows, mutated, and arbitrary bytes,
/// in 1 to 4 frames. Nothing may escape; every reply keeps the envelope and ends in <c>END</c> (after valid data
/// frames) or in one <c>ERROR</c> frame with no data frames; a valid request is never refused.
/// </summary>
public sealed class RequestFuzz : IDisposable
{
    /// <summary>The credential of the entitled service: AAPL and every symbol starting with MS.</summary>
    public const string Credential = "credential-0123456789";

    private const long FirstTime = 1_700_000_000_000_000_000L;

    // Routing ids: one the gateway assigned and logged in, one it assigned without a session, one a client chose.
    private static readonly byte[][] Identities = [[0, 0, 0, 0, 1], [0, 0, 0, 0, 2], "client-chosen"u8.ToArray()];

    private static readonly string[] PlainRequests =
    [
        "SNAPSHOT AAPL", "SNAPSHOT AAPL MSFT BRK.B", "SNAPSHOT *", "snapshot MSFT", "Snapshot NOTCACHED", "SNAPSHOT\tAAPL\r\n",
        "LIST", "list", "  LIST  ",
        "REPLAY 1700000000000000000 1700000000000100000 AAPL", "REPLAY 2023-11-14T22:13:20Z 2023-11-14T22:13:21Z AAPL MSFT",
        "replay 0 9223372036854775807 MSFT", "REPLAY 1700000000000000000 1700000000000000000 BRK.B",
    ];

    private static readonly string[] EntitledRequests =
    [
        "LOGIN " + Credential, "login " + Credential, "SNAPSHOT AAPL", "SNAPSHOT AAPL MSFT", "SNAPSHOT *", "LIST",
        "SUBSCRIBE AAPL", "SUBSCRIBE AAPL MSX", "UNSUBSCRIBE AAPL", "unsubscribe MSX MSFT",
        "REPLAY 1700000000000000000 1700000000000100000 AAPL", "REPLAY 2023-11-14T22:13:20Z 2023-11-14T22:13:21Z MSFT",
    ];

    private readonly string _journal;
    private readonly RequestService _plain;
    private readonly RequestService _entitled;
    private readonly GatewayCounters _plainCounters = new();
    private readonly GatewayCounters _entitledCounters = new();
    private long _upstreamSubscriptions;
    private long _dataFrames;
    private long _validCases;

    /// <summary>Writes a small journal and fills the caches the two services answer from.</summary>
    public RequestFuzz()
    {
        _journal = Path.Combine(Path.GetTempPath(), "tickstream-request-fuzz-" + Guid.NewGuid().ToString("N"));
        using (var writer = JournalWriter.Open(_journal, new JournalWriterOptions { StreamName = "fuzz", SegmentSize = 8 * 1024, IndexEveryRecords = 8 }))
        {
            for (var i = 0; i < 150; i++)
            {
                writer.Append(Tick(i % 3 == 0 ? "MSFT" : "AAPL", (ulong)(i + 1), trade: i % 2 == 0), FirstTime + (i * 1_000L));
            }
        }

        Require(EntitlementTable.TryParse($"{Credential} AAPL MS*", "fuzz", out var table, out var error), error ?? "no entitlements");
        var plainOptions = new GatewayOptions { JournalDirectory = _journal, MaxReplayFrames = 40, Upstreams = { "tcp://127.0.0.1:1" } };
        var entitledOptions = new GatewayOptions { JournalDirectory = _journal, MaxReplayFrames = 40, Entitlements = table, Upstreams = { "tcp://127.0.0.1:1" } };
        _plain = new RequestService(plainOptions, Cache(), new SessionRegistry(), new SessionRoutes(), _plainCounters, (_, _) => _upstreamSubscriptions++);
        _entitled = new RequestService(entitledOptions, Cache(), new SessionRegistry(), new SessionRoutes(), _entitledCounters, (_, _) => _upstreamSubscriptions++);

        var login = _entitled.Handle(Request([Identities[0], [], Encoding.ASCII.GetBytes("LOGIN " + Credential)]));
        Require(login?.Last.ConvertToString() == "END", "the fuzz session could not log in");
    }

    /// <summary>
    /// The cases: the plain or the entitled service, a routing id, an optional empty delimiter, a valid, mutated or
    /// arbitrary body, and 0 to 2 stray frames (empty or arbitrary) before or after it: 1 to 4 frames after the id.
    /// Two cases in three have no stray frame, so most reach the parser rather than the frame count check.
    /// </summary>
    public static Gen<(bool Entitled, int Identity, bool Delimiter, FuzzCase Body, byte[][] Stray, int StrayBefore)> Cases { get; } =
        Gen.Elements(false, true).SelectMany(entitled =>
            Mutations.Cases(Gen.Elements(entitled ? EntitledRequests : PlainRequests).Select(static r => Encoding.UTF8.GetBytes(r)), 64).SelectMany(body =>
                Gen.Choose(0, Identities.Length - 1).SelectMany(identity =>
                    Gen.Elements(true, false).SelectMany(delimiter =>
                        Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2))).SelectMany(count => Gen.ArrayOf(Gen.OneOf(Gen.Constant(Array.Empty<byte>()), Mutations.ArbitraryBytes(16)), count))
                            .SelectMany(stray => Gen.Choose(0, 2).Select(before => (entitled, identity, delimiter, body, stray, before)))))));

    /// <summary>Subscriptions the entitled service forwarded upstream (SUBSCRIBE of a symbol no session had).</summary>
    public long UpstreamSubscriptions => _upstreamSubscriptions;

    /// <summary>Data frames (snapshots, definitions, journal records, sessions) in the replies checked.</summary>
    public long DataFrames => _dataFrames;

    /// <summary>Cases that were valid requests and had to be (and were) answered with END.</summary>
    public long ValidCases => _validCases;

    /// <summary>Error replies of both services.</summary>
    public long ErrorReplies => _plainCounters.BadRequests + _entitledCounters.BadRequests;

    /// <summary>Requests handled by both services.</summary>
    public long Requests => _plainCounters.Requests + _entitledCounters.Requests;

    /// <summary>Handles one request; throws <see cref="FuzzFindingException"/> on a broken guarantee.</summary>
    /// <param name="c">The case.</param>
    public void Check((bool Entitled, int Identity, bool Delimiter, FuzzCase Body, byte[][] Stray, int StrayBefore) c)
    {
        ArgumentNullException.ThrowIfNull(c.Body);
        ArgumentNullException.ThrowIfNull(c.Stray);
        var frames = new List<byte[]> { Identities[c.Identity] };
        if (c.Delimiter)
        {
            frames.Add([]);
        }

        var before = Math.Min(c.StrayBefore, c.Stray.Length);
        frames.AddRange(c.Stray.Take(before));
        frames.Add(c.Body.Data);
        frames.AddRange(c.Stray.Skip(before));
        var mustAccept = c.Body.MustAccept && c.Stray.Length == 0 && (!c.Entitled || c.Identity == 0);
        var service = c.Entitled ? _entitled : _plain;
        var counters = c.Entitled ? _entitledCounters : _plainCounters;
        var errorsBefore = counters.BadRequests;
        var reply = service.Handle(Request(frames));
        if (reply is null)
        {
            // Only CREDIT is answered by nothing (credit for a transfer, or ignored when none is open): docs/RECOVERY.md.
            if (!Encoding.UTF8.GetString(c.Body.Data).TrimStart().StartsWith("CREDIT", StringComparison.OrdinalIgnoreCase))
            {
                throw new FuzzFindingException("a request other than CREDIT got no reply");
            }

            return;
        }

        if (reply.FrameCount < 2)
        {
            throw new FuzzFindingException($"a reply of {reply.FrameCount} frames has no room for the routing id and a last frame");
        }

        if (!reply[0].ToByteArray().AsSpan().SequenceEqual(frames[0]))
        {
            throw new FuzzFindingException("the reply's first frame is not the requester's routing id");
        }

        var delimited = frames.Count > 2 && frames[1].Length == 0;
        var envelope = delimited ? 2 : 1;
        if (delimited && reply[1].BufferSize != 0)
        {
            throw new FuzzFindingException("a REQ request's empty delimiter is not echoed");
        }

        var last = reply.Last.ConvertToString(Encoding.UTF8);
        var isError = last.StartsWith("ERROR ", StringComparison.Ordinal);
        if (isError)
        {
            if (reply.FrameCount != envelope + 1)
            {
                throw new FuzzFindingException($"an error reply carries {reply.FrameCount - envelope - 1} data frames: {last}");
            }

            if (last.Any(char.IsControl))
            {
                throw new FuzzFindingException($"an error reply echoes a control character: {last}");
            }

            if (counters.BadRequests != errorsBefore + 1)
            {
                throw new FuzzFindingException("an error reply was not counted as a bad request");
            }

            if (mustAccept)
            {
                throw new FuzzFindingException($"a valid request was refused: {last}");
            }

            return;
        }

        if (last is not ("END" or "END CANCELLED") && !last.StartsWith("END TRUNCATED ", StringComparison.Ordinal))
        {
            throw new FuzzFindingException($"the last frame is neither END nor ERROR: '{last}'");
        }

        if (counters.BadRequests != errorsBefore)
        {
            throw new FuzzFindingException("a good reply was counted as a bad request");
        }

        _validCases += mustAccept ? 1 : 0;
        for (var i = envelope; i < reply.FrameCount - 1; i++)
        {
            _dataFrames++;
            var data = reply[i].ToByteArray();
            if (data.AsSpan().StartsWith("SESSION "u8))
            {
                continue;
            }

            if (data.AsSpan().StartsWith("X."u8))
            {
                if (!Topic.TrySplit(data, out _, out var frame) || FrameValidator.ValidateFrame(frame, out var template) != FrameRejection.None || template != SnapshotDecoder.TemplateId)
                {
                    throw new FuzzFindingException($"a snapshot data frame is not a valid Snapshot: {Convert.ToHexString(data)}");
                }

                continue;
            }

            var rejection = FrameValidator.ValidateMessage(data, out _, out _);
            if (rejection != FrameRejection.None)
            {
                throw new FuzzFindingException($"a data frame is not a valid message ({rejection}): {Convert.ToHexString(data)}");
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_journal, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private static NetMQMessage Request(IEnumerable<byte[]> frames)
    {
        var request = new NetMQMessage();
        foreach (var frame in frames)
        {
            request.Append(frame);
        }

        return request;
    }

    private static LastValueCache Cache()
    {
        var cache = new LastValueCache();
        var buffer = new byte[512];
        var start = StreamStartEncoder.WrapAndApplyHeader(buffer.AsSpan(2));
        start.SetSessionId(77);
        start.SetTime(1);
        start.SetStreamId(3);
        start.SetStreamName("SYNT-0");
        Topic.WriteControl(buffer, TopicClass.StreamStart);
        Require(cache.Apply(buffer.AsSpan(0, 2 + start.EncodedLength)), "the StreamStart was not cached");
        foreach (var symbol in new[] { "AAPL", "MSFT", "BRK.B", "MSX" })
        {
            Require(cache.Apply(Instrument(symbol)), "an instrument was not cached");
            for (var seq = 1UL; seq <= 3; seq++)
            {
                Require(cache.Apply(Tick(symbol, seq, trade: false)) && cache.Apply(Tick(symbol, seq, trade: true)), "a tick was not cached");
            }
        }

        return cache;
    }

    private static byte[] Tick(string symbol, ulong seq, bool trade)
    {
        var buffer = new byte[256];
        var topicLength = Topic.Write(buffer, trade ? TopicClass.Trade : TopicClass.Quote, Encoding.ASCII.GetBytes(symbol));
        int length;
        if (trade)
        {
            var e = TradeEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
            e.SetStreamSeq(seq);
            e.SetSymbolSeq(seq);
            e.SetStreamId(3);
            e.SetSymbol(symbol);
            e.SetVenue("SYNT");
            e.Price.SetMantissa(100_000_000_000 + (long)seq);
            e.SetSize(100);
            length = e.EncodedLength;
        }
        else
        {
            var e = QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
            e.SetStreamSeq(seq);
            e.SetSymbolSeq(seq);
            e.SetStreamId(3);
            e.SetSymbol(symbol);
            e.SetVenue("SYNT");
            e.BidPrice.SetMantissa(99_000_000_000);
            e.SetBidSize(10);
            e.AskPrice.SetMantissa(101_000_000_000);
            e.SetAskSize(20);
            length = e.EncodedLength;
        }

        return buffer[..(topicLength + length)];
    }

    private static byte[] Instrument(string symbol)
    {
        var buffer = new byte[256];
        var topicLength = Topic.Write(buffer, TopicClass.Instrument, Encoding.ASCII.GetBytes(symbol));
        var e = InstrumentDefinitionEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        e.SetStreamId(3);
        e.SetSymbol(symbol);
        e.SetVenue("SYNT");
        e.SetDescription(symbol + " test instrument");
        return buffer[..(topicLength + e.EncodedLength)];
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }
}
