using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.LoadTest;

/// <summary>
/// Raw NetMQ PUB to SUB over tcp loopback: the same payload sent as one frame (topic at its head) and as two frames
/// (topic frame, payload frame), to choose the wire layout by measurement.
/// </summary>
internal static class RawNetMqFrameLayout
{
    public static double MessagesPerSecond(bool twoFrames, int messages, int payloadBytes)
    {
        var topic = "Q.AAPL|"u8.ToArray();
        var payload = new byte[payloadBytes];
        var single = new byte[topic.Length + payloadBytes];
        topic.CopyTo(single, 0);

        using var pub = new PublisherSocket();
        pub.Options.SendHighWatermark = 1_000_000;
        pub.Options.Linger = TimeSpan.Zero;
        pub.Bind("tcp://127.0.0.1:*");
        var endpoint = pub.Options.LastEndpoint!;
        using var sub = new SubscriberSocket();
        sub.Options.ReceiveHighWatermark = 1_000_000;
        sub.Connect(endpoint);
        sub.Subscribe("Q.");
        sub.Subscribe("P");

        // Wait for the subscription to reach the publisher: probe until one probe arrives, bounded.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            pub.SendFrame("PROBE");
            if (sub.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out _))
            {
                break;
            }
        }

        while (sub.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out _))
        {
            // drain probes
        }

        long received = 0;
        var clock = new Stopwatch();
        var receiver = new Thread(() =>
        {
            var msg = default(Msg);
            msg.InitEmpty();
            var idleLimit = TimeSpan.FromSeconds(2);
            while (received < messages && sub.TryReceive(ref msg, idleLimit))
            {
                if (!msg.HasMore)
                {
                    received++;
                }
            }

            clock.Stop();
            msg.Close();
        });
        receiver.Start();
        clock.Start();
        for (var i = 0; i < messages; i++)
        {
            var msg = default(Msg);
            if (twoFrames)
            {
                msg.InitPool(topic.Length);
                topic.CopyTo(msg.Slice());
                pub.Send(ref msg, more: true);
                msg.Close();
                msg.InitPool(payload.Length);
                payload.CopyTo(msg.Slice());
                pub.Send(ref msg, more: false);
            }
            else
            {
                msg.InitPool(single.Length);
                single.CopyTo(msg.Slice());
                pub.Send(ref msg, more: false);
            }

            msg.Close();
        }

        receiver.Join();
        return received / clock.Elapsed.TotalSeconds * (received == messages ? 1 : -1);
    }
}
