using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TickStream.Wire;

namespace TickStream.Fuzzing;

/// <summary>
/// Fuzzes what a subscriber does with one ZeroMQ message before its handler sees it: split the topic, then decode
/// the frame (TickView itself is built only inside the client, so its public inputs are fuzzed here and the whole
/// receive path is fuzzed over a socket by the client fault test).
/// </summary>
public static class TopicFuzz
{
    private static readonly string[] Topics = ["T.AAPL|", "Q.AAPL|", "B.AAPL|", "I.MSFT|", "H|", "S|", "Q.ABCDEFGHIJKLMNOP|", "X|", "|", ""];

    /// <summary>Valid messages: a topic, then a valid frame.</summary>
    public static Gen<byte[]> ValidMessages { get; } =
        Gen.Elements(Topics).SelectMany(topic => SbeFuzz.ValidFrames.Select(frame => (byte[])[.. Encoding.ASCII.GetBytes(topic), .. frame]));

    /// <summary>Mutated messages and arbitrary bytes.</summary>
    public static Gen<FuzzCase> Cases { get; } = Mutations.Cases(ValidMessages, 64).Select(static c => c with { MustAccept = false });

    /// <summary>Splits and decodes one message; throws <see cref="FuzzFindingException"/> on a broken guarantee.</summary>
    /// <param name="c">The case.</param>
    public static void Check(FuzzCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        ReadOnlySpan<byte> message = c.Data;
        if (!Topic.TrySplit(message, out var topic, out var frame))
        {
            return;
        }

        if (topic.Length == 0 || topic.Length > Topic.MaxLength || topic[^1] != Topic.Terminator || topic.IndexOf(Topic.Terminator) != topic.Length - 1)
        {
            throw new FuzzFindingException($"TrySplit returned a topic of {topic.Length} bytes that does not end at the first '|'");
        }

        if (topic.Length + frame.Length != message.Length)
        {
            throw new FuzzFindingException("TrySplit lost or invented bytes");
        }

        _ = Topic.SymbolOf(topic);
        SbeFuzz.Check(new FuzzCase(frame.ToArray(), false));
    }
}
