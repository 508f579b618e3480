using System.Globalization;
using System.Text;
using TickStream.Wire;

namespace TickStream.Recovery;

/// <summary>A parsed <c>RETRANSMIT &lt;streamId&gt; &lt;sessionId|*&gt; &lt;fromSeq&gt; &lt;toSeq&gt; [&lt;prefix&gt;...]</c> (docs/RECOVERY.md section 3).</summary>
public sealed class RetransmitRequest
{
    /// <summary>The request's form, for error replies.</summary>
    public const string Form = "RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq> [<prefix>...] with 1 <= fromSeq <= toSeq";

    /// <summary>The most prefixes one request may give.</summary>
    public const int MaxPrefixes = 256;

    private RetransmitRequest(ushort streamId, ulong? sessionId, ulong fromSeq, ulong toSeq, byte[][] prefixes)
    {
        StreamId = streamId;
        SessionId = sessionId;
        FromSeq = fromSeq;
        ToSeq = toSeq;
        Prefixes = prefixes;
    }

    /// <summary>The stream.</summary>
    public ushort StreamId { get; }

    /// <summary>The session, or null for <c>*</c> (the server's current session of the stream).</summary>
    public ulong? SessionId { get; }

    /// <summary>The first streamSeq wanted.</summary>
    public ulong FromSeq { get; }

    /// <summary>The last streamSeq wanted (inclusive).</summary>
    public ulong ToSeq { get; }

    /// <summary>Topic prefixes (ZeroMQ subscription semantics); empty for every frame.</summary>
    public IReadOnlyList<byte[]> Prefixes { get; }

    /// <summary>Whether a message passes the prefixes.</summary>
    /// <param name="message">Topic and frame.</param>
    /// <returns>True when it starts with one of them, or there are none.</returns>
    public bool Matches(ReadOnlySpan<byte> message)
    {
        if (Prefixes.Count == 0)
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (message.StartsWith(prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses the words of a request whose first word is RETRANSMIT (any case).</summary>
    /// <param name="words">The request's words.</param>
    /// <param name="request">The request, when valid.</param>
    /// <param name="error">What was expected, when not.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(IReadOnlyList<string> words, out RetransmitRequest? request, out string? error)
    {
        ArgumentNullException.ThrowIfNull(words);
        request = null;
        if (words.Count < 5)
        {
            error = $"{Form}; got {words.Count - 1} arguments";
            return false;
        }

        if (!ushort.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var streamId))
        {
            error = $"{Form}; streamId '{RequestText.Printable(words[1])}' is not 0 to 65535";
            return false;
        }

        ulong? session = null;
        if (words[2] != "*")
        {
            if (!ulong.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = $"{Form}; sessionId '{RequestText.Printable(words[2])}' is neither * nor an unsigned 64-bit number";
                return false;
            }

            session = id;
        }

        if (!ulong.TryParse(words[3], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !ulong.TryParse(words[4], NumberStyles.None, CultureInfo.InvariantCulture, out var to) || from < 1 || to < from)
        {
            error = $"{Form}; got fromSeq '{RequestText.Printable(words[3])}' toSeq '{RequestText.Printable(words[4])}'";
            return false;
        }

        if (words.Count - 5 > MaxPrefixes)
        {
            error = $"{Form}; at most {MaxPrefixes} prefixes, got {words.Count - 5}";
            return false;
        }

        var prefixes = new byte[words.Count - 5][];
        for (var i = 5; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length > Topic.MaxLength || !Ascii.IsValid(word))
            {
                error = $"{Form}; prefix '{RequestText.Printable(word)}' is not 1 to {Topic.MaxLength} ASCII characters of a topic (Q.AAPL|, T., B.MSFT|)";
                return false;
            }

            prefixes[i - 5] = Encoding.ASCII.GetBytes(word);
        }

        request = new RetransmitRequest(streamId, session, from, to, prefixes);
        error = null;
        return true;
    }
}
