using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TickStream.Journal;

/// <summary>
/// Finds frames missing from a journal by following sequences, record by record. In a journal of every frame of a
/// stream, streamSeq counts them exactly, and a Heartbeat's last streamSeq beyond the last frame journaled shows a
/// loss at the end too. Once the journal shows that it holds some symbols only (streamSeq skips frames whose
/// symbol missed nothing), the symbols' own sequences are used: every Trade, Quote and BookUpdate carries the next
/// symbolSeq of its (stream, symbol, class), so a jump there is a loss whatever symbols were recorded; the losses of
/// every symbol behind one outage add up to one hole between the streamSeqs around it. A StreamStart with a new
/// session restarts the sequences of its stream.
/// </summary>
/// <remarks>
/// In a journal of some symbols only, a hole shows once a later frame of a symbol and class that lost frames is
/// journaled; frames lost at its very end are not found here (the writer counted them:
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

        if (template == 4 && block.Length >= 18)
        {
            ObserveHeartbeat(BinaryPrimitives.ReadUInt64LittleEndian(block), BinaryPrimitives.ReadUInt16LittleEndian(block[16..]), receiveTimeNs);
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
        bool jump = state.LastStreamSeq != 0 && streamSeq > state.LastStreamSeq + 1;
        bool symbolGap = known && symbolSeq > symbol.SymbolSeq + 1;
        if (jump && known && !symbolGap)
        {
            // streamSeq skipped frames this symbol did not miss: the journal holds some symbols or classes only,
            // and from now on only the symbols' own sequences tell a loss.
            state.Filtered = true;
        }

        if (!state.Filtered)
        {
            if (jump)
            {
                AddStreamHole(state, streamId, state.LastStreamSeq, streamSeq, (long)(streamSeq - state.LastStreamSeq - 1), receiveTimeNs);
            }
        }
        else if (symbolGap)
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

    /// <summary>
    /// A heartbeat carries its stream's last streamSeq: in a journal of every frame, one beyond the last frame
    /// journaled means the frames in between were lost, even when no frame follows them (a disk still full at the end).
    /// </summary>
    private void ObserveHeartbeat(ulong lastSeq, ushort streamId, long receiveTimeNs)
    {
        if (_streams.TryGetValue(streamId, out StreamState? state) && !state.Filtered && state.LastStreamSeq != 0
            && lastSeq > state.LastStreamSeq)
        {
            AddStreamHole(state, streamId, state.LastStreamSeq, lastSeq + 1, (long)(lastSeq - state.LastStreamSeq), receiveTimeNs);
            state.LastStreamSeq = lastSeq;
        }
    }

    /// <summary>Frames after..before (both excluded) are missing: extends the stream's last hole when it ends there.</summary>
    private void AddStreamHole(StreamState state, ushort streamId, ulong after, ulong before, long missing, long receiveTimeNs)
    {
        MissingFrames += missing;
        if (state.LastHole is { } hole && hole.BeforeSeq == after + 1)
        {
            hole.BeforeSeq = before;
            hole.MissingFrames += missing;
            return;
        }

        state.LastHole = new JournalHole(streamId, after, before, missing, receiveTimeNs);
        _holes.Add(state.LastHole);
    }

    private sealed class StreamState
    {
        public bool Filtered;
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
