using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Sources.Tests;

public sealed class PullTickSourceTests
{
    [Fact]
    public async Task Run_PushedRows_GoodOnesArriveInOrderAndMalformedCounted()
    {
        var registry = new InstrumentRegistry();
        using var source = new PullTickSource(new PullTickSourceOptions { Endpoint = "@tcp://127.0.0.1:*" }, registry);
        Assert.StartsWith("tcp://127.0.0.1:", source.LastEndpoint, StringComparison.Ordinal);
        Assert.Equal("pull:" + source.LastEndpoint, source.Name);
        var errors = new List<SourceError>();
        source.Counters.ErrorReported += e =>
        {
            lock (errors)
            {
                errors.Add(e);
            }
        };

        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => source.Run(sink, cts.Token), TestContext.Current.CancellationToken);

        const int Good = 200;
        var malformedAt = new HashSet<int> { 3, 50, 51, 120, 199 };
        using (var push = new PushSocket())
        {
            push.Options.Linger = TimeSpan.FromSeconds(5);
            push.Connect(source.LastEndpoint);
            var sent = 0;
            for (var i = 0; sent < Good; i++)
            {
                string row;
                if (malformedAt.Contains(i))
                {
                    row = i % 2 == 0 ? $"{i},AAPL,T,abc,100,B,,,," : $"{i},AAPL,T,1,1";
                }
                else
                {
                    row = sent % 2 == 0
                        ? $"{i},AAPL,T,190.{sent:D2},100,B,,,,,{sent}\n"
                        : $"{i},MSFT,Q,,,,419.99,200,420.01,300";
                    sent++;
                }

                Assert.True(push.TrySendFrame(TimeSpan.FromSeconds(10), Encoding.ASCII.GetBytes(row)));
            }
        }

        Assert.True(
            Poll.Until(() => source.Counters.TicksRead == Good && source.Counters.Malformed == malformedAt.Count, TimeSpan.FromSeconds(30)),
            $"{source.Counters.TicksRead} ticks, {source.Counters.Malformed} malformed");
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        var ticks = sink.Ticks;
        Assert.Equal(Good, ticks.Length);
        var trades = ticks.Where(t => t.Kind == TickKind.Trade).ToArray();
        Assert.Equal(Good / 2, trades.Length);
        Assert.Equal(Enumerable.Range(0, Good / 2).Select(k => (ulong)(k * 2)), trades.Select(t => t.TradeId));
        Assert.Equal(190_020_000_000L, trades[1].Price);
        Assert.True(ticks.Zip(ticks.Skip(1)).All(p => p.First.ExchangeTimeNs < p.Second.ExchangeTimeNs));
        Assert.Equal(source.Counters.TicksRead + source.Counters.Malformed, source.MessagesReceived);

        lock (errors)
        {
            Assert.Equal(malformedAt.Order().Select(i => $"{source.Name} message #{i + 1}"), errors.Select(e => e.Location));
            Assert.Contains("price 'abc'", errors[1].Reason, StringComparison.Ordinal);
            Assert.Contains("5 columns", errors[0].Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_ConnectEndpoint_ReceivesFromBoundPusher()
    {
        using var push = new PushSocket();
        push.Options.Linger = TimeSpan.Zero;
        push.Bind("tcp://127.0.0.1:*");
        var registry = new InstrumentRegistry();
        using var source = new PullTickSource(new PullTickSourceOptions { Endpoint = ">" + push.Options.LastEndpoint }, registry);
        Assert.Equal(push.Options.LastEndpoint, source.LastEndpoint);

        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => source.Run(sink, cts.Token), TestContext.Current.CancellationToken);
        Assert.True(push.TrySendFrame(TimeSpan.FromSeconds(10), "2024-03-01T14:30:00Z,SPY,Q,,,,550,10,550.01,20"u8.ToArray()));
        Assert.True(Poll.Until(() => source.Counters.TicksRead == 1, TimeSpan.FromSeconds(30)));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        var tick = Assert.Single(sink.Ticks);
        Assert.Equal(550_010_000_000L, tick.AskPrice);
        Assert.Equal("SPY", registry.Get(tick.InstrumentId).Symbol);
    }

    [Fact]
    public async Task Run_EmptyMessage_CountedAsMalformed()
    {
        using var source = new PullTickSource(new PullTickSourceOptions { Endpoint = "tcp://127.0.0.1:*" }, new InstrumentRegistry());
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => source.Run(new RecordingSink(), cts.Token), TestContext.Current.CancellationToken);
        using (var push = new PushSocket())
        {
            push.Options.Linger = TimeSpan.FromSeconds(5);
            push.Connect(source.LastEndpoint);
            Assert.True(push.TrySendFrame(TimeSpan.FromSeconds(10), "\r\n"u8.ToArray()));
        }

        Assert.True(Poll.Until(() => source.Counters.Malformed == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("empty message", source.Counters.LastError!.Reason);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Run_Cancelled_ReturnsWithinAFewPollIntervals()
    {
        using var source = new PullTickSource(
            new PullTickSourceOptions { Endpoint = "@tcp://127.0.0.1:*", PollInterval = TimeSpan.FromMilliseconds(50) }, new InstrumentRegistry());
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => source.Run(new RecordingSink(), cts.Token), TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public void Constructor_BadOptions_Throw()
    {
        var registry = new InstrumentRegistry();
        Assert.Throws<ArgumentOutOfRangeException>(() => new PullTickSource(new PullTickSourceOptions { Endpoint = "@tcp://127.0.0.1:*", MaxMessageSize = 0 }, registry));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PullTickSource(new PullTickSourceOptions { Endpoint = "@tcp://127.0.0.1:*", PollInterval = TimeSpan.Zero }, registry));
        Assert.Throws<ArgumentException>(() => new PullTickSource(new PullTickSourceOptions { Endpoint = " " }, registry));
    }
}
