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

        // No high-water mark: however long the machine keeps a client from reading, the gateway queues for it
        // instead of dropping (the test's deadlines bound how much), so a gap can only be the design's fault.
        var options = Loopback.Options(feed.Endpoint);
        options.SendHighWatermark = 0;
        using var gateway = Loopback.StartGateway(options);
        using var early = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "T.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => early.Count >= 200));

        // Clone pattern: subscribe, see the subscription live, then take the snapshot. The frame that arrived
        // before the request was sent before the gateway built the snapshot, so the snapshot covers it.
        using var late = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "T.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => late.Count >= 1));
        using var requests = new SnapshotClient(gateway.RequestEndpoint);
        var reply = requests.Request("SNAPSHOT AAPL", Loopback.Deadline);
        var sync = new SnapshotSync();
        var snapshots = 0;
        ulong quoteSeq = 0, tradeSeq = 0;
        foreach (var frame in reply)
        {
            if (frame[0] == (byte)'X')
            {
                Assert.True(sync.ApplySnapshot(frame));
                Assert.True(TickStream.Wire.Topic.TrySplit(frame, out _, out var body));
                Assert.True(TickStream.Wire.SnapshotDecoder.TryWrap(body, out var snapshot, out _));
                quoteSeq = snapshot.QuoteSymbolSeq == ulong.MaxValue ? 0 : snapshot.QuoteSymbolSeq;
                tradeSeq = snapshot.TradeSymbolSeq == ulong.MaxValue ? 0 : snapshot.TradeSymbolSeq;
                snapshots++;
            }
        }

        Assert.Equal(1, snapshots);

        // Wait for 200 updates newer than the snapshot, by their sequences: how many frames arrive after the reply
        // says nothing, since a client the machine keeps waiting may still be reading what the snapshot covers.
        int Newer() => late.Snapshot().Count(m => Loopback.SymbolSeq(m) > (m[0] == (byte)'Q' ? quoteSeq : tradeSeq));
        Assert.True(Loopback.WaitUntil(() => Newer() >= 200), $"200 updates after the snapshot, got {Newer()}");

        var applied = 0;
        foreach (var message in late.Snapshot())
        {
            var decision = sync.Check(message);
            Assert.NotEqual(SyncDecision.Gap, decision);
            Assert.NotEqual(SyncDecision.NotTracked, decision);
            applied += decision == SyncDecision.Apply ? 1 : 0;
        }

        Assert.True(sync.Duplicates >= 1, "what arrived before the snapshot is already in it");
        Assert.True(applied >= 200, $"{applied} applied");
        Assert.Equal(0, sync.Gaps);
    }

    [Fact]
    public void SlowClient_StopsReading_OthersLoseNothingAndItResyncsBySnapshot()
    {
        // The test is the feed, and it paces itself on the fast client: it publishes a batch, then waits until the
        // fast client has received all of it. The fast client's queue in the gateway therefore never holds more
        // than one batch, far below the high-water mark (also below ZeroMQ's slack in counting what the other side
        // has read, 1 024 messages), so it cannot lose a frame however slowly the machine runs it. The stalled
        // client's queue grows by a batch every round until ZeroMQ drops for it alone.
        const int HighWatermark = 10_000;
        const int Batch = 500;
        const int BatchesWhileStalled = 160;
        using var upstream = Loopback.StartUpstream("AAPL");
        var options = Loopback.Options(upstream.Endpoint);
        options.SendHighWatermark = HighWatermark;
        using var gateway = Loopback.StartGateway(options);
        using var fast = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"]);
        using var slow = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"], receiveHighWatermark: 100);

        // Both subscriptions are live once each client has a quote; what was published before them went nowhere.
        Assert.True(upstream.PublishUntil(() => fast.Count >= 1 && slow.Count >= 1, Loopback.Deadline), "both clients receive");
        Assert.True(Loopback.WaitUntil(() => LastSeq(fast) == upstream.LastSeq && LastSeq(slow) == upstream.LastSeq));

        // The slow client stops reading while 80 000 quotes are published: more than its queues can hold (the
        // high-water mark, plus the kernel's socket buffers, some 4 MB by default, plus its own 100).
        slow.Paused = true;
        for (var round = 0; round < BatchesWhileStalled; round++)
        {
            PublishTo(upstream, Batch, fast);
        }

        // It reads again. Publish in paced batches until it has caught up with the last quote published: its queue
        // has drained, and from now on it is paced too.
        slow.Paused = false;
        var resumeSeq = upstream.LastSeq;
        var caughtUp = false;
        for (var round = 0; round < 400 && !caughtUp; round++)
        {
            PublishTo(upstream, Batch, fast);
            caughtUp = Poll.Until(() => LastSeq(slow) == upstream.LastSeq, TimeSpan.FromSeconds(2));
        }

        Assert.True(caughtUp, $"the slow client catches up: at {LastSeq(slow)} of {upstream.LastSeq}");
        Assert.True(upstream.LastSeq > resumeSeq);

        // The fast client lost nothing while the other one stalled: every sequence published since it joined.
        var fastMessages = fast.Snapshot();
        AssertContiguous(fastMessages, $"gateway {gateway.Counters}");
        Assert.Equal(upstream.LastSeq, Loopback.SymbolSeq(fastMessages[^1]));

        // The slow one lost what did not fit its queues (how much depends on the kernel's socket buffers) and sees
        // exactly that as gaps; a snapshot brings it back in step.
        var slowMessages = slow.Snapshot();
        var span = Loopback.SymbolSeq(slowMessages[^1]) - Loopback.SymbolSeq(slowMessages[0]) + 1;
        var lost = (long)span - slowMessages.Count;
        Assert.True(lost >= 0, $"{slowMessages.Count} messages over {span} sequences: duplicates");
        Assert.Equal(lost > 0, HasGap(slowMessages));

        var sync = new SnapshotSync();
        using var requests = new SnapshotClient(gateway.RequestEndpoint);
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

        // Both clients have the last quote published, so the gateway's cache holds it: the snapshot is exactly it.
        Assert.Equal(upstream.LastSeq, snapshotSeq);

        // What it had is already in the snapshot (duplicates); what comes after it applies, without a gap.
        PublishTo(upstream, Batch, fast, slow);
        var after = slow.Snapshot();
        var applied = 0;
        foreach (var message in after)
        {
            var decision = sync.Check(message);
            Assert.NotEqual(SyncDecision.Gap, decision);
            Assert.NotEqual(SyncDecision.NotTracked, decision);
            applied += decision == SyncDecision.Apply ? 1 : 0;
        }

        Assert.Equal(Batch, applied);
        Assert.Equal(slowMessages.Count, sync.Duplicates);
        Assert.Equal(0, sync.Gaps);
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

    // Publishes count quotes, then waits until every one of the clients has received up to the last of them.
    private static void PublishTo(TestUpstream upstream, int count, params FrameCollector[] clients)
    {
        upstream.Publish(count);
        Assert.True(Loopback.WaitUntil(() => Array.TrueForAll(clients, c => LastSeq(c) == upstream.LastSeq)),
            $"every client receives up to {upstream.LastSeq}: {string.Join(", ", clients.Select(LastSeq))}");
    }

    // The symbolSeq of the last message a collector received; 0 before the first.
    private static ulong LastSeq(FrameCollector collector) => collector.Last is { } last ? Loopback.SymbolSeq(last) : 0;

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
