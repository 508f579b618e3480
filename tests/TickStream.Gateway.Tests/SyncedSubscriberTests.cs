using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Gateway.Tests;

/// <summary>The client library's Clone pattern against a live gateway.</summary>
public sealed class SyncedSubscriberTests
{
    [Fact]
    public void SyncedSubscriber_LateJoin_SnapshotThenContiguousUpdatesWithoutDuplicates()
    {
        using var feed = Loopback.StartFeed(4_000, "AAPL", "MSFT");
        feed.StartSources();
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        using var early = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "T.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => early.Count >= 200));

        var quotes = new List<ulong>();
        var snapshots = new List<(ulong Quote, ulong Trade, int QuotesBefore)>();
        var options = new TickSubscriberOptions();
        options.Endpoints.Add(gateway.PublishEndpoint);
        using var synced = new SyncedSubscriber(options, gateway.RequestEndpoint,
            (in TickView tick) =>
            {
                if (tick.Kind == TickKind.Quote)
                {
                    lock (quotes)
                    {
                        quotes.Add(tick.SymbolSeq);
                    }
                }
            },
            snapshot =>
            {
                Assert.True(Topic.TrySplit(snapshot, out _, out var frame));
                Assert.True(SnapshotDecoder.TryWrap(frame, out var decoded, out _));
                lock (quotes)
                {
                    snapshots.Add((decoded.QuoteSymbolSeq, decoded.TradeSymbolSeq, quotes.Count));
                }
            });
        synced.Subscribe("AAPL");
        Assert.True(Loopback.WaitUntil(() =>
        {
            lock (quotes)
            {
                return snapshots.Count >= 1 && quotes.Count >= snapshots[0].QuotesBefore + 300;
            }
        }), $"snapshots {synced.SnapshotsApplied}, failed {synced.FailedRequests}");

        lock (quotes)
        {
            // After the first snapshot every quote is the next one, or the first after a later snapshot: no
            // duplicate, and no jump that neither a snapshot explains nor the subscriber reported.
            // The state is the newer of the snapshot and the updates already delivered: a subscribed symbol is
            // followed from its first live update, so a snapshot may arrive older than what the handler holds.
            var before = snapshots[0].QuotesBefore;
            var expected = Math.Max(snapshots[0].Quote, before > 0 ? quotes[before - 1] : 0) + 1;
            var next = 1;
            var gaps = 0;
            for (var i = before; i < quotes.Count; i++)
            {
                for (; next < snapshots.Count && snapshots[next].QuotesBefore == i; next++)
                {
                    expected = Math.Max(expected, snapshots[next].Quote + 1);
                }

                var seq = quotes[i];
                Assert.True(seq >= expected, $"quote {seq} delivered after {expected - 1}: a duplicate");
                gaps += seq == expected ? 0 : 1;
                expected = seq + 1;
            }

            // A gap is possible only when the subscription went live after the snapshot; then it was seen (the
            // subscriber's count includes trades) and resynced.
            Assert.True(gaps <= synced.Gaps, $"{gaps} quote gaps, {synced.Gaps} seen");
            Assert.True(gaps == 0 || synced.ResyncRequests >= 1);
        }
    }
}
