using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;

namespace TickStream.Gateway.Tests;

/// <summary>
/// SyncedSubscriber prefers retransmission and falls back to a snapshot for what is lost (docs/RECOVERY.md), here
/// against <see cref="FakeRequestServer"/> until the gateway serves RETRANSMIT; its SNAPSHOT replies are transfers.
/// </summary>
public sealed class SyncedRepairTests
{
    private const ushort Stream = 1;
    private const ushort ProbeStream = 99;

    private sealed class Setup : IDisposable
    {
        private readonly PublisherSocket _publisher = new();
        private ulong _probes;

        public Setup(Action<FakeRequestServer>? configure = null)
        {
            _publisher.Options.Linger = TimeSpan.Zero;
            _publisher.Bind("tcp://127.0.0.1:*");
            configure?.Invoke(Server);
            var options = new TickSubscriberOptions { RequestEndpoint = Server.Endpoint, RepairTimeout = Loopback.Deadline };
            options.Endpoints.Add(_publisher.Options.LastEndpoint!);
            Synced = new SyncedSubscriber(options, Server.Endpoint, (in TickView tick) =>
            {
                lock (Quotes)
                {
                    Quotes.Add((tick.StreamId, tick.Symbol.ToArray(), tick.SymbolSeq));
                }
            });
            Subscribe(["PROBE"]);
        }

        public FakeRequestServer Server { get; } = new();

        public SyncedSubscriber Synced { get; }

        public List<(ushort Stream, byte[] Symbol, ulong SymbolSeq)> Quotes { get; } = [];

        public void Send(byte[] message) => _publisher.SendFrame(message);

        /// <summary>
        /// Subscribes, then publishes the symbols' quotes on a stream of their own until every subscription is live
        /// and <paramref name="ready"/> holds (each tick also makes the receive thread apply waiting snapshots).
        /// </summary>
        public void Subscribe(string[] symbols, Func<bool>? ready = null)
        {
            foreach (var symbol in symbols)
            {
                Synced.Subscribe(symbol);
            }

            Assert.True(Loopback.WaitUntil(() =>
            {
                _probes++;
                foreach (var symbol in symbols)
                {
                    Send(WireMessages.Quote(symbol, ProbeStream, _probes, _probes));
                }

                return symbols.All(s => SymbolSeqs(s, ProbeStream).Count > 0) && (ready is null || ready());
            }), $"the subscriptions; snapshots applied {Synced.SnapshotsApplied}");
        }

        public List<ulong> SymbolSeqs(string symbol, ushort stream = Stream)
        {
            lock (Quotes)
            {
                return [.. Quotes.Where(q => q.Stream == stream && q.Symbol.AsSpan().SequenceEqual(System.Text.Encoding.ASCII.GetBytes(symbol))).Select(q => q.SymbolSeq)];
            }
        }

        public void Dispose()
        {
            Synced.Dispose();
            Server.Dispose();
            _publisher.Dispose();
        }
    }

    [Fact]
    public void SyncedSubscriber_GapTheServerRetransmits_IsRepairedWithoutASnapshot()
    {
        using var setup = new Setup();
        setup.Subscribe(["AAPL"], () => setup.Server.Requests.Contains("SNAPSHOT AAPL"));
        for (ulong i = 1; i <= 10; i++)
        {
            var quote = WireMessages.Quote("AAPL", Stream, i, i);
            setup.Server.Add(quote);
            if (i is not (4 or 5))
            {
                setup.Send(quote);
            }
        }

        Assert.True(Loopback.WaitUntil(() => setup.SymbolSeqs("AAPL").Count >= 10), $"quotes {string.Join(',', setup.SymbolSeqs("AAPL"))}");
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8, 9, 10], setup.SymbolSeqs("AAPL"));
        Assert.Equal((0, 0), (setup.Synced.Gaps, setup.Synced.ResyncRequests));
        Assert.Equal(1, setup.Synced.Subscriber.Counters.GapsRepaired);
    }

    [Fact]
    public void SyncedSubscriber_GapTheServerNoLongerHolds_FallsBackToASnapshot()
    {
        using var setup = new Setup();
        setup.Subscribe(["AAPL"], () => setup.Server.Requests.Contains("SNAPSHOT AAPL"));
        for (ulong i = 1; i <= 10; i++)
        {
            var quote = WireMessages.Quote("AAPL", Stream, i, i);
            if (i is not (4 or 5))
            {
                setup.Server.Add(quote);
                setup.Send(quote);
            }
        }

        Assert.True(Loopback.WaitUntil(() => setup.Synced.ResyncRequests == 1 && setup.Server.Requests.Count(r => r == "SNAPSHOT AAPL") == 2),
            string.Join(" / ", setup.Server.Requests));
        Assert.Equal((1, 1), (setup.Synced.Subscriber.Counters.GapsLost, setup.Synced.Gaps));
        var requests = setup.Server.Requests.ToList();
        Assert.True(requests.IndexOf("RETRANSMIT 1 * 4 5 Q.AAPL|") < requests.LastIndexOf("SNAPSHOT AAPL"), string.Join(" / ", requests));
    }

    [Fact]
    public void SyncedSubscriber_SnapshotReplyInSeveralMessages_AppliesEveryPart()
    {
        string[] symbols = ["AAPL", "MSFT", "IBM", "SPY"];
        using var setup = new Setup(server =>
        {
            server.MaxReplyFrames = 1;
            foreach (var symbol in symbols)
            {
                server.SnapshotReply.Add(WireMessages.Snapshot(symbol, Stream, 5));
            }
        });
        setup.Subscribe(symbols, () => setup.Synced.SnapshotsApplied >= symbols.Length);

        // The snapshot said 5: quotes 1..5 are already in the state; 6 and 7 go through.
        ulong seq = 0;
        foreach (var symbol in symbols)
        {
            for (ulong i = 1; i <= 7; i++)
            {
                setup.Send(WireMessages.Quote(symbol, Stream, ++seq, i));
            }
        }

        Assert.True(Loopback.WaitUntil(() => symbols.All(s => setup.SymbolSeqs(s).Count >= 2)), "the quotes after the snapshots");
        Assert.All(symbols, s => Assert.Equal([6UL, 7], setup.SymbolSeqs(s)));
        Assert.Equal(symbols.Length, setup.Synced.SnapshotsApplied);
    }
}
