using NetMQ;

namespace TickStream.Recovery;

/// <summary>Who a reply goes to on a ROUTER socket: the requester's routing id, and whether it sent an empty delimiter (REQ) to echo.</summary>
/// <param name="Identity">The routing id.</param>
/// <param name="Delimiter">True for a REQ requester.</param>
public readonly record struct ReplyEnvelope(byte[] Identity, bool Delimiter)
{
    /// <summary>The routing id as text, the key of the connection's transfer.</summary>
    public string Key => Convert.ToHexString(Identity);

    /// <summary>A reply message: the envelope, the data frames, then the status frame.</summary>
    /// <param name="frames">Data frames, or null for none.</param>
    /// <param name="status"><c>MORE</c>, <c>END ...</c> or <c>ERROR ...</c>.</param>
    /// <returns>The message.</returns>
    public NetMQMessage Message(IReadOnlyList<byte[]>? frames, string status)
    {
        var message = new NetMQMessage((frames?.Count ?? 0) + 3);
        message.Append(Identity);
        if (Delimiter)
        {
            message.AppendEmptyFrame();
        }

        if (frames is not null)
        {
            foreach (var frame in frames)
            {
                message.Append(frame);
            }
        }

        message.Append(status);
        return message;
    }
}
