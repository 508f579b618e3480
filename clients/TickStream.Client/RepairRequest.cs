using System.Globalization;
using System.Text;

namespace TickStream.Client;

/// <summary>One RETRANSMIT request: the gaps of one stream it covers (coalesced), made on the receive thread.</summary>
internal sealed class RepairRequest(ushort streamId, string session, int epoch, List<RepairGap> gaps)
{
    public ushort StreamId { get; } = streamId;

    /// <summary>The session id as text, or <c>*</c> (the server's current session) when no StreamStart was seen.</summary>
    public string Session { get; } = session;

    /// <summary>The stream's repair epoch when sent: a reply to an abandoned repair is recognised and dropped.</summary>
    public int Epoch { get; } = epoch;

    public List<RepairGap> Gaps { get; } = gaps;

    /// <summary>
    /// <c>RETRANSMIT stream session from to prefix...</c>: one range covering every gap, one prefix per key. Frames
    /// of a key outside its own gap come back too and are dropped as already held.
    /// </summary>
    public string Command()
    {
        var from = ulong.MaxValue;
        var to = 0UL;
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var gap in Gaps)
        {
            from = Math.Min(from, gap.FromStreamSeq);
            to = Math.Max(to, gap.ToStreamSeq);
            prefixes.Add(gap.Prefix);
        }

        var command = new StringBuilder("RETRANSMIT ");
        command.Append(StreamId.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Session).Append(' ')
            .Append(from.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(to.ToString(CultureInfo.InvariantCulture));
        foreach (var prefix in prefixes)
        {
            command.Append(' ').Append(prefix);
        }

        return command.ToString();
    }
}
