using System.Buffers;
using System.Runtime.CompilerServices;

namespace TickStream.Wire;

/// <summary>
/// The topic that heads every TickStream ZeroMQ message: ASCII bytes, then the SBE frame in the same ZeroMQ frame.
/// </summary>
/// <remarks>
/// <para>Layout: <c>CLASS '.' SYMBOL '|'</c> for instrument frames (<c>Q.AAPL|</c>), <c>CLASS '|'</c> for stream
/// control frames (<c>H|</c>, <c>S|</c>). The SBE frame starts right after the first <c>'|'</c>. Symbols never
/// contain <c>'|'</c>, so a subscription to <c>Q.AAPL|</c> can never match <c>Q.AAPLX|</c>, while <c>Q.</c> takes
/// every quote and the empty prefix takes everything.</para>
/// <para>One frame rather than a topic frame plus a payload frame: NetMQ 4.0.4.5 moves about 1.7 times more
/// single-frame messages per second than two-frame ones (docs/PERFORMANCE.md).</para>
/// </remarks>
public static class Topic
{
    /// <summary>The byte between the class and the symbol.</summary>
    public const byte SymbolSeparator = (byte)'.';

    /// <summary>The byte that ends every topic; the SBE frame starts after it.</summary>
    public const byte Terminator = (byte)'|';

    /// <summary>The longest symbol the wire carries (the schema's Symbol type).</summary>
    public const int MaxSymbolLength = 16;

    /// <summary>The longest topic: class, separator, symbol and terminator.</summary>
    public const int MaxLength = MaxSymbolLength + 3;

    private static readonly SearchValues<byte> SymbolBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./_-"u8);

    /// <summary>Whether <paramref name="symbol"/> may appear on the wire: 1 to 16 of A-Z 0-9 . / _ -.</summary>
    /// <param name="symbol">ASCII symbol bytes.</param>
    /// <returns>True when the symbol is valid.</returns>
    public static bool IsValidSymbol(ReadOnlySpan<byte> symbol) =>
        symbol.Length is > 0 and <= MaxSymbolLength && !symbol.ContainsAnyExcept(SymbolBytes);

    /// <summary>Writes the topic of an instrument frame (<c>Q.AAPL|</c>) and returns its length.</summary>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    /// <param name="topicClass">The class of the frame that follows.</param>
    /// <param name="symbol">The symbol, already valid (see <see cref="IsValidSymbol"/>).</param>
    /// <returns>The number of bytes written.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, TopicClass topicClass, ReadOnlySpan<byte> symbol)
    {
        var length = symbol.Length + 3;
        var topic = destination[..length];
        topic[0] = (byte)topicClass;
        topic[1] = SymbolSeparator;
        symbol.CopyTo(topic[2..]);
        topic[^1] = Terminator;
        return length;
    }

    /// <summary>Writes the topic of a stream control frame (<c>H|</c>) and returns its length.</summary>
    /// <param name="destination">At least two bytes.</param>
    /// <param name="topicClass">Heartbeat or StreamStart.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteControl(Span<byte> destination, TopicClass topicClass)
    {
        destination[1] = Terminator;
        destination[0] = (byte)topicClass;
        return 2;
    }

    /// <summary>Writes the subscription prefix that takes every frame of one class (<c>Q.</c>, or <c>H|</c>).</summary>
    /// <param name="topicClass">The class.</param>
    /// <returns>The prefix bytes.</returns>
    public static byte[] ClassPrefix(TopicClass topicClass) =>
        topicClass is TopicClass.Heartbeat or TopicClass.StreamStart
            ? [(byte)topicClass, Terminator]
            : [(byte)topicClass, SymbolSeparator];

    /// <summary>The subscription prefix for exactly one symbol of one class (<c>Q.AAPL|</c>).</summary>
    /// <param name="topicClass">The class.</param>
    /// <param name="symbol">A valid symbol.</param>
    /// <returns>The prefix bytes.</returns>
    /// <exception cref="ArgumentException">The symbol is not valid on the wire.</exception>
    public static byte[] SymbolPrefix(TopicClass topicClass, string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var bytes = System.Text.Encoding.ASCII.GetBytes(symbol);
        if (!IsValidSymbol(bytes))
        {
            throw new ArgumentException(
                $"'{symbol}' is not a valid symbol: 1 to {MaxSymbolLength} of A-Z 0-9 . / _ -", nameof(symbol));
        }

        var prefix = new byte[bytes.Length + 3];
        Write(prefix, topicClass, bytes);
        return prefix;
    }

    /// <summary>
    /// Splits a received message into its topic and its SBE frame. False when there is no terminator within
    /// <see cref="MaxLength"/> bytes: the message is not a TickStream frame.
    /// </summary>
    /// <param name="message">The whole ZeroMQ message.</param>
    /// <param name="topic">The topic including its terminator.</param>
    /// <param name="frame">The SBE frame after the topic.</param>
    /// <returns>True when a topic was found.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySplit(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> frame)
    {
        var end = message[..Math.Min(message.Length, MaxLength)].IndexOf(Terminator);
        if (end < 1)
        {
            topic = default;
            frame = default;
            return false;
        }

        topic = message[..(end + 1)];
        frame = message[(end + 1)..];
        return true;
    }

    /// <summary>The symbol inside an instrument topic (<c>AAPL</c> of <c>Q.AAPL|</c>); empty for control topics.</summary>
    /// <param name="topic">A topic as returned by <see cref="TrySplit"/>.</param>
    /// <returns>The symbol bytes.</returns>
    public static ReadOnlySpan<byte> SymbolOf(ReadOnlySpan<byte> topic) =>
        topic.Length > 3 && topic[1] == SymbolSeparator ? topic[2..^1] : default;
}
