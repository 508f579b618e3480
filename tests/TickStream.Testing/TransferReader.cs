using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Testing;

/// <summary>
/// Reads a whole reply of the request protocol (docs/RECOVERY.md) on a DEALER or REQ socket: every message until
/// one ends in <c>END</c> or <c>ERROR</c>, sending <c>CREDIT 1</c> after each one that ends in <c>MORE</c>.
/// </summary>
public static class TransferReader
{
    /// <summary>Sends a request and reads its whole reply, within a deadline and a message count.</summary>
    /// <param name="socket">A connected DEALER or REQ socket.</param>
    /// <param name="request">The request text.</param>
    /// <param name="deadline">How long the whole reply may take.</param>
    /// <param name="maxMessages">The most messages read.</param>
    /// <returns>The data frames in order, the last status and how many messages the reply took; status is null on a timeout.</returns>
    public static (List<byte[]> Frames, string? Status, int Messages) Request(NetMQSocket socket, string request, TimeSpan deadline, int maxMessages = 100_000)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var frames = new List<byte[]>();
        var until = DateTime.UtcNow + deadline;
        if (!socket.TrySendFrame(deadline, request))
        {
            return (frames, null, 0);
        }

        var message = new NetMQMessage();
        for (var messages = 1; messages <= maxMessages; messages++)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !socket.TryReceiveMultipartMessage(left, ref message))
            {
                return (frames, null, messages - 1);
            }

            var status = message.Last.ConvertToString(Encoding.UTF8);
            for (var i = 0; i < message.FrameCount - 1; i++)
            {
                frames.Add(message[i].ToByteArray());
            }

            if (status != "MORE")
            {
                return (frames, status, messages);
            }

            if (!socket.TrySendFrame(until - DateTime.UtcNow, "CREDIT 1"))
            {
                return (frames, null, messages);
            }
        }

        return (frames, null, maxMessages);
    }

    /// <summary>A DEALER connected to a request service, closing without linger.</summary>
    /// <param name="endpoint">The service's endpoint.</param>
    /// <returns>The socket.</returns>
    public static DealerSocket Dealer(string endpoint)
    {
        var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Connect(endpoint);
        return dealer;
    }

    /// <summary>The streamSeq of a Trade, Quote or BookUpdate message (topic and frame).</summary>
    /// <param name="message">The message.</param>
    /// <returns>Its streamSeq.</returns>
    public static ulong StreamSeq(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return BitConverter.ToUInt64(message, Array.IndexOf(message, (byte)'|') + 1 + 8);
    }
}
