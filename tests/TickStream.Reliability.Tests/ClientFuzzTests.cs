using System.Diagnostics;
using FsCheck.Fluent;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Reliability.Tests;

/// <summary>The subscriber's whole receive path (split, validate, track, TickView, handler) over fuzzed messages on a real socket.</summary>
public sealed class ClientFuzzTests
{
    private const ushort SentinelStream = 65_000;

    [Fact]
    public void TickSubscriber_FuzzedMessages_NeverFaultAndKeepReceiving()
    {
        var messages = Gen.Sample(TopicFuzz.Cases, FuzzProperties.Cases);
        using var publisher = new PublisherSocket();
        publisher.Options.SendHighWatermark = 2 * FuzzProperties.Cases;
        var port = publisher.BindRandomPort("tcp://127.0.0.1");
        var options = new TickSubscriberOptions { SubscribeAll = true, HeartbeatTimeout = TimeSpan.FromSeconds(30) };
        options.Endpoints.Add($"tcp://127.0.0.1:{port}");
        var sentinels = 0;
        long fieldSum = 0;
        using var subscriber = new TickSubscriber(options, (in TickView tick) =>
        {
            // Every accessor that belongs to the frame's kind, as a handler would read them.
            fieldSum += tick.StreamId + (long)tick.StreamSeq + (long)tick.SymbolSeq + tick.Symbol.Length + tick.Venue.Length + tick.Flags
                + tick.InstrumentId + tick.LatencyNs + (long)tick.ControlTimeNs;
            switch (tick.Kind)
            {
                case Client.TickKind.Trade:
                    fieldSum += tick.TradePrice + tick.TradeSize + (long)tick.TradeId + tick.AggressorSide;
                    break;
                case Client.TickKind.Quote:
                    fieldSum += tick.BidPrice + tick.BidSize + tick.AskPrice + tick.AskSize;
                    break;
                case Client.TickKind.BookUpdate:
                    for (var i = 0; i < tick.BookLevelCount; i++)
                    {
                        fieldSum += tick.GetBookLevel(i).Size;
                    }

                    break;
                case Client.TickKind.StreamStart:
                    fieldSum += (long)tick.SessionId + tick.StreamName.Length;
                    break;
                case Client.TickKind.Heartbeat when tick.StreamId == SentinelStream:
                    Interlocked.Increment(ref sentinels);
                    break;
            }
        });

        var sentinel = new byte[64];
        var length = Topic.WriteControl(sentinel, TopicClass.Heartbeat);
        var heartbeat = HeartbeatEncoder.WrapAndApplyHeader(sentinel.AsSpan(length));
        heartbeat.SetStreamSeq(0);
        heartbeat.SetTime(1);
        heartbeat.SetStreamId(SentinelStream);
        var sentinelMessage = sentinel[..(length + heartbeat.EncodedLength)];

        // Subscriptions join late: probe with the sentinel until the subscriber sees one.
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref sentinels) == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            publisher.SendFrame(sentinelMessage);
            Thread.Sleep(20);
        }

        Assert.True(Volatile.Read(ref sentinels) > 0, "the subscriber never received a probe");
        var before = Volatile.Read(ref sentinels);
        foreach (var message in messages)
        {
            publisher.SendFrame(message.Data);
        }

        publisher.SendFrame(sentinelMessage);
        clock.Restart();
        while (Volatile.Read(ref sentinels) == before && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        var counters = subscriber.Counters;
        Assert.True(Volatile.Read(ref sentinels) > before, $"the subscriber stopped receiving: {counters}");
        Assert.Null(subscriber.ReceiveFault);
        Assert.True(counters.HandlerFaults == 0, $"{counters.HandlerFaults} handler faults, last: {subscriber.LastHandlerFault}");
        Assert.True(counters.Malformed > 0, "no fuzzed message was malformed: the fuzzer is not reaching the checks");
        TestContext.Current.SendDiagnosticMessage($"client: {messages.Length} fuzzed messages, {counters.FramesReceived} frames received, {counters.Malformed} malformed, {counters.Duplicates} duplicates, 0 faults ({fieldSum & 1})");
    }
}
