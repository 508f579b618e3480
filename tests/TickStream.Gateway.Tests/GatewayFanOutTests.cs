using TickStream.Client;

namespace TickStream.Gateway.Tests;

/// <summary>Fan-out, subscription forwarding, late joiners, slow clients and chained gateways on loopback.</summary>
public sealed class GatewayFanOutTests
{
    [Fact]
    public void FanOut_FiveClients_EachReceivesItsSymbolWithoutGaps()
    {
        using var feed = Loopback.StartFeed(2_000, "AAPL", "MSFT");
        feed.StartSources();
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        var clients = new List<FrameCollector>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                clients.Add(new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"]));
            }

            Assert.True(Loopback.WaitUntil(() => clients.TrueForAll(c => c.Count >= 100)),
                "every client gets 100 quotes: " + string.Join(", ", clients.ConvertAll(c => c.Count)));
            foreach (var client in clients)
            {
                var messages = client.Snapshot();
                Assert.All(messages, m => Assert.StartsWith("Q.AAPL|", System.Text.Encoding.ASCII.GetString(m, 0, 7)));
                AssertContiguous(messages);
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void SubscriptionForwarding_OnlySubscribedTopicsReachTheFeed()
    {
        using var feed = Loopback.StartFeed(2_000, "AAPL", "MSFT", "SPY");
        feed.StartSources();
        var options = Loopback.Options(feed.Endpoint);
        options.CachePrefixes.Clear();
        options.CachePrefixes.Add("S|");
        using var gateway = Loopback.StartGateway(options);

        // The gateway's own subscription arriving shows that it is connected: from now on every count is exact.
        Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions == 1));
        using (var first = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"]))
        using (var second = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"]))
        {
            Assert.True(Loopback.WaitUntil(() => first.Count >= 50 && second.Count >= 50));

            // Two clients of one topic: one subscription upstream, and only that topic flows into the gateway.
            // (The feed handler counts subscription messages between batches, a little after applying them.)
            Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions == 2), $"feed has {feed.Counters.Subscriptions}");
            Assert.Equal(1, gateway.CachedSymbols);
            Assert.Equal(0, gateway.Counters.Malformed);

            using var third = new FrameCollector(gateway.PublishEndpoint, ["T.MSFT|"]);
            Assert.True(Loopback.WaitUntil(() => third.Count >= 5));
            Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions == 3), $"feed has {feed.Counters.Subscriptions}");
            Assert.True(Loopback.WaitUntil(() => gateway.CachedSymbols == 2));
        }

        // Every client gone: the unsubscriptions reach the feed too.
        Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions == 1), $"feed still has {feed.Counters.Subscriptions}");
    }

    [Fact]
    public void LateJoiner_SnapshotThenLive_NoGapAndNoDuplicate()
    {
        using var feed = Loopback.StartFeed(5_000, "AAPL", "MSFT");
        feed.StartSources();
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        using var early = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "T.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => early.Count >= 200));

        // Clone pattern: subscribe, see the subscription live, then take the snapshot.
        using var late = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "T.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => late.Count >= 1));
        using var requests = new SnapshotClient(gateway.RequestEndpoint);
        var reply = requests.Request("SNAPSHOT AAPL", Loopback.Deadline);
        var sync = new SnapshotSync();
        var snapshots = 0;
        foreach (var frame in reply)
        {
            if (frame[0] == (byte)'X')
            {
                Assert.True(sync.ApplySnapshot(frame));
                snapshots++;
            }
        }

        Assert.Equal(1, snapshots);
        var countAtSnapshot = late.Count;
        Assert.True(Loopback.WaitUntil(() => late.Count >= countAtSnapshot + 200));

        var applied = 0;
        foreach (var message in late.Snapshot())
        {
            var decision = sync.Check(message);
            Assert.NotEqual(SyncDecision.Gap, decision);
            Assert.NotEqual(SyncDecision.NotTracked, decision);
            applied += decision == SyncDecision.Apply ? 1 : 0;
        }

        Assert.True(sync.Duplicates >= 1, "what arrived before the snapshot is already in it");
        Assert.True(applied >= 200);
        Assert.Equal(0, sync.Gaps);
    }

    [Fact]
    public void SlowClient_StopsReading_OthersLoseNothingAndItResyncsBySnapshot()
    {
        using var feed = Loopback.StartFeed(10_000, "AAPL");
        feed.StartSources();
        var options = Loopback.Options(feed.Endpoint);
        options.SendHighWatermark = 10_000;
        using var gateway = Loopback.StartGateway(options);
        using var fast = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"]);
        using var slow = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"], receiveHighWatermark: 100);
        Assert.True(Loopback.WaitUntil(() => fast.Count >= 10 && slow.Count >= 10));

        slow.Paused = true;
        var fastAtPause = fast.Count;
        Assert.True(Loopback.WaitUntil(() => fast.Count >= fastAtPause + 80_000, TimeSpan.FromSeconds(60)));
        slow.Paused = false;
        var fastAtResume = fast.Count;
        Assert.True(Loopback.WaitUntil(() => fast.Count >= fastAtResume + 2_000 && slow.Count >= 2_000));

        // The fast client lost nothing while the other one stalled.
        AssertContiguous(fast.Snapshot(), $"feed {feed.Counters}; gateway {gateway.Counters}");

        // The slow one lost what did not fit its queues (how much depends on the kernel's socket buffers), sees
        // exactly that as gaps, and a snapshot brings it back in step.
        var resumeSeq = Loopback.SymbolSeq(fast.Snapshot()[fastAtResume - 1]);
        Assert.True(Loopback.WaitUntil(() => Loopback.SymbolSeq(slow.Snapshot()[^1]) >= resumeSeq, TimeSpan.FromSeconds(60)));
        var slowMessages = slow.Snapshot();
        var span = Loopback.SymbolSeq(slowMessages[^1]) - Loopback.SymbolSeq(slowMessages[0]) + 1;
        var lost = (long)span - slowMessages.Count;
        var sync = new SnapshotSync();
        using var requests = new SnapshotClient(gateway.RequestEndpoint);
        var lastSeen = Loopback.SymbolSeq(slowMessages[^1]);
        ulong snapshotSeq = 0;
        foreach (var frame in requests.Request("SNAPSHOT AAPL", Loopback.Deadline))
        {
            if (frame[0] == (byte)'X')
            {
                Assert.True(sync.ApplySnapshot(frame));
                Assert.True(TickStream.Wire.Topic.TrySplit(frame, out _, out var body));
                Assert.True(TickStream.Wire.SnapshotDecoder.TryWrap(body, out var snapshot, out _));
                snapshotSeq = snapshot.QuoteSymbolSeq;
            }
        }

        // The backlog queued before the snapshot drains first (duplicates); then come the updates after it.
        Assert.True(Loopback.WaitUntil(() => slow.Count > 0 && Loopback.SymbolSeq(slow.Snapshot()[^1]) > snapshotSeq + 100, TimeSpan.FromSeconds(60)));
        var after = slow.Snapshot();
        var applied = 0;
        foreach (var message in after)
        {
            var decision = sync.Check(message);
            Assert.NotEqual(SyncDecision.Gap, decision);
            applied += decision == SyncDecision.Apply ? 1 : 0;
        }

        Assert.True(applied >= 100);
        Assert.True(Loopback.SymbolSeq(after[^1]) > lastSeen);
        Assert.Equal(lost > 0, HasGap(slowMessages));
    }

    [Fact]
    public void ChainedGateways_ClientOfSecond_ReceivesWithoutGapsAndSubscriptionReachesFeed()
    {
        using var feed = Loopback.StartFeed(2_000, "AAPL", "MSFT");
        feed.StartSources();
        var first = Loopback.Options(feed.Endpoint);
        first.CachePrefixes.Clear();
        using var upper = Loopback.StartGateway(first);
        var second = Loopback.Options(upper.PublishEndpoint);
        second.CachePrefixes.Clear();
        using var lower = Loopback.StartGateway(second);
        using var client = new FrameCollector(lower.PublishEndpoint, ["Q.MSFT|"]);
        Assert.True(Loopback.WaitUntil(() => client.Count >= 100));
        AssertContiguous(client.Snapshot());

        // Only the one topic flows through both hops (a reconnecting XSUB may resend a subscription, so the
        // feed's count of subscription messages is not exact here; what flows is).
        Assert.True(feed.Counters.Subscriptions >= 1);
        Assert.Equal(1, upper.CachedSymbols);
        Assert.Equal(1, lower.CachedSymbols);

        // The lower gateway's cache answers snapshots too.
        using var requests = new SnapshotClient(lower.RequestEndpoint);
        var frames = requests.Request("SNAPSHOT MSFT", Loopback.Deadline);
        Assert.Contains(frames, f => f.AsSpan().StartsWith("X.MSFT|"u8));
    }


    private static void AssertContiguous(List<byte[]> messages, string context = "")
    {
        Assert.NotEmpty(messages);
        var previous = Loopback.SymbolSeq(messages[0]);
        for (var i = 1; i < messages.Count; i++)
        {
            var seq = Loopback.SymbolSeq(messages[i]);
            Assert.True(seq == previous + 1, $"message {i}: sequence {seq} after {previous} {context}");
            previous = seq;
        }
    }

    private static bool HasGap(List<byte[]> messages)
    {
        for (var i = 1; i < messages.Count; i++)
        {
            if (Loopback.SymbolSeq(messages[i]) != Loopback.SymbolSeq(messages[i - 1]) + 1)
            {
                return true;
            }
        }

        return false;
    }
}
