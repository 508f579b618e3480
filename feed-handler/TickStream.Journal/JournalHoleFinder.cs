using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TickStream.Journal;

/// <summary>
/// Finds frames missing from a journal by following sequences, record by record: every Trade, Quote and BookUpdate
/// carries the next symbolSeq of its (stream, symbol, class), so a jump there is a loss whatever symbols the journal
/// was recorded with; the hole is placed between the streamSeqs around it, and the losses of every symbol behind
/// one outage add up to one hole. A StreamStart with a new session restarts the sequences of its stream.
/// </summary>
/// <remarks>
/// A hole shows once a later frame of a symbol and class that lost frames is journaled; frames lost at the very
/// end of a journal have nothing after them and are not found here (the writer counted them:
/// <see cref="JournalWriter.RecordsNotJournaled"/>). Allocates only for a new stream, symbol or hole.
/// </remarks>
public sealed class JournalHoleFinder
{
    private const int PrefixLength = 60;
    private readonly Dictionary<ushort, StreamState> _streams = [];
    private readonly List<JournalHole> _holes = [];

    /// <summary>The holes found so far, in the order found.</summary>
    public IReadOnlyList<JournalHole> Holes => _holes;

    /// <summary>Frames missing in all holes.</summary>
    public long MissingFrames { get; private set; }

    /// <summary>Looks at one journaled message (topic and SBE frame); anything else is ignored.</summary>
    /// <param name="message">The record's message.</param>
    /// <param name="receiveTimeNs">The record's receive time.</param>
    public void Observe(ReadOnlySpan<byte> message, long receiveTimeNs)
    {
        int topic = JournalMessage.TopicLength(message);
        int template = JournalMessage.TemplateId(message);
        if (template < 0)
        {
            return;
        }

        ReadOnlySpan<byte> block = message[(topic + JournalMessage.SbeHeaderLength)..];
        if (template == 5 && block.Length >= 18)
        {
            ulong session = BinaryPrimitives.ReadUInt64LittleEndian(block);
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(block[16..]);
            ref StreamState? started = ref CollectionsMarshal.GetValueRefOrAddDefault(_streams, id, out _);
            if (started is null || started.Session != session)
            {
                // A new session numbers from 1 again: nothing before it is a reference for what follows.
                started = new StreamState { Session = session };
            }

            return;
        }

        if (template is < 1 or > 3 || block.Length < PrefixLength)
        {
            return;
        }

        ulong streamSeq = BinaryPrimitives.ReadUInt64LittleEndian(block);
        ulong symbolSeq = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
        uint instrument = BinaryPrimitives.ReadUInt32LittleEndian(block[32..]);
        ushort streamId = BinaryPrimitives.ReadUInt16LittleEndian(block[36..]);
        ref StreamState? state = ref CollectionsMarshal.GetValueRefOrAddDefault(_streams, streamId, out _);
        state ??= new StreamState { Session = ulong.MaxValue };
        long key = ((long)template << 32) | instrument;
        ref SymbolState symbol = ref CollectionsMarshal.GetValueRefOrAddDefault(state.Symbols, key, out bool known);
        if (known && symbolSeq > symbol.SymbolSeq + 1)
        {
            long missing = (long)(symbolSeq - symbol.SymbolSeq - 1);
            MissingFrames += missing;
            if (state.LastHole is { } hole && symbol.StreamSeq < hole.BeforeSeq)
            {
                // This symbol's previous frame came before the last hole: its loss belongs to that outage.
                hole.MissingFrames += missing;
            }
            else
            {
                ulong after = streamSeq > state.LastStreamSeq + 1 ? state.LastStreamSeq : symbol.StreamSeq;
                state.LastHole = new JournalHole(streamId, after, streamSeq, missing, receiveTimeNs);
                _holes.Add(state.LastHole);
            }
        }

        if (!known || symbolSeq > symbol.SymbolSeq)
        {
            symbol.SymbolSeq = symbolSeq;
            symbol.StreamSeq = streamSeq;
        }

        if (streamSeq > state.LastStreamSeq)
        {
            state.LastStreamSeq = streamSeq;
        }
    }

    private sealed class StreamState
    {
        public ulong Session;
        public ulong LastStreamSeq;
        public JournalHole? LastHole;
        public readonly Dictionary<long, SymbolState> Symbols = [];
    }

    private struct SymbolState
    {
        public ulong SymbolSeq;
        public ulong StreamSeq;
    }
}
