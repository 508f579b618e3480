using System.Text;
using NetMQ;

namespace TickStream.Recovery;

/// <summary>
/// Reads a request as a ROUTER receives it: the requester's routing id, an empty delimiter when it is a REQ socket,
/// then exactly one frame of UTF-8 text of at most <see cref="MaxRequestLength"/> bytes (docs/GATEWAY.md section 4).
/// </summary>
public static class RequestFrames
{
    /// <summary>The longest request text served.</summary>
    public const int MaxRequestLength = 4096;

    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>Splits a received request into who asked and what.</summary>
    /// <param name="request">The frames as received (at least the routing id and one more).</param>
    /// <param name="envelope">Who to answer, with or without a delimiter.</param>
    /// <param name="text">The request text, when valid.</param>
    /// <param name="error">What was expected, when not (without the usage line, which the service adds).</param>
    /// <returns>True when the request is one UTF-8 text frame within the limit.</returns>
    public static bool TryRead(NetMQMessage request, out ReplyEnvelope envelope, out string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bodyIndex = request.FrameCount > 2 && request[1].BufferSize == 0 ? 2 : 1;
        envelope = new ReplyEnvelope(request[0].ToByteArray(), bodyIndex == 2);
        text = string.Empty;
        if (request.FrameCount != bodyIndex + 1)
        {
            error = $"one request frame, got {request.FrameCount - bodyIndex}";
            return false;
        }

        var body = request[bodyIndex];
        if (body.BufferSize > MaxRequestLength)
        {
            error = $"a request of at most {MaxRequestLength} bytes, got {body.BufferSize}";
            return false;
        }

        try
        {
            text = Strict.GetString(body.Buffer, 0, body.MessageSize);
        }
        catch (DecoderFallbackException)
        {
            error = "a UTF-8 text request";
            return false;
        }

        error = null;
        return true;
    }
}
