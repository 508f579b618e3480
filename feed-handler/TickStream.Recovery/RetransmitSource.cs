using System.Buffers.Binary;
using System.Globalization;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.Recovery;

/// <summary>
/// The frames of a RETRANSMIT: from the journal for the part older than the window, then from the window, in
/// streamSeq order, each exactly as published. A journal scan keeps its reader as its cursor, so a large journal is
/// read a bounded number of records per step.
/// </summary>
public sealed class RetransmitSource : IReplySource
{
    private const int JournalBufferBytes = 64 * 1024;

    private readonly RetransmitRequest _request;
    private readonly ulong _session;
    private readonly RetransmitWindow? _window;
    private readonly string? _journalDirectory;
    private readonly SymbolFilter? _allow;
    private readonly TransferCounters _counters;
    private readonly Func<ReadOnlySpan<byte>, bool> _accept;
    private JournalReader? _reader;
    private bool _journalTried;
    private string? _journalError;
    private ulong _journalSession;
    private bool _journalSawSession;
    private ulong _journalFirst;
    private ulong _journalLast;
    private ulong _next;
    private byte[]? _held;
    private bool _heldAny;
    private long _sent;
    private string? _status;

    /// <summary>Creates the source of one request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="session">The session it asks for (<c>*</c> resolved).</param>
    /// <param name="window">The window, or null.</param>
    /// <param name="journalDirectory">The journal behind the window, or null.</param>
    /// <param name="allow">Entitlements: the symbols the requester may see; null for all.</param>
    /// <param name="counters">Where unavailable ranges are counted.</param>
    public RetransmitSource(RetransmitRequest request, ulong session, RetransmitWindow? window, string? journalDirectory,
        SymbolFilter? allow, TransferCounters counters)
    {
        _request = request ?? throw new ArgumentNullException(nameof(request));
        _session = session;
        _window = window;
        _journalDirectory = journalDirectory;
        _allow = allow;
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _next = request.FromSeq;
        _accept = Accept;
    }

    /// <inheritdoc />
    public string Status => _status ?? "END";

    /// <summary>The reply is <c>ERROR unavailable</c>: nothing of the range is held.</summary>
    public bool IsUnavailable { get; private set; }

    /// <summary>What the server holds of a stream and session, in the words of an <c>ERROR unavailable</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="session">The session asked for.</param>
    /// <param name="window">The window, or null.</param>
    /// <param name="journal">The journal's part, already phrased (<c>and 1..9 in the journal</c>), or null when there is no journal.</param>
    /// <returns>The error text after <c>ERROR </c>.</returns>
    public static string Unavailable(RetransmitRequest request, ulong session, RetransmitWindow? window, string? journal)
    {
        ArgumentNullException.ThrowIfNull(request);
        string memory;
        if (window is not null && window.TryGetHeld(request.StreamId, out var current, out var first, out var last))
        {
            memory = current != session
                ? $"nothing in memory (its current session there is {current}{(last == 0 ? "" : $", {first}..{last}")})"
                : last == 0 ? "nothing in memory" : $"{first}..{last} in memory";
        }
        else
        {
            memory = "nothing in memory";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"unavailable: stream {request.StreamId} session {session} holds {memory} {journal ?? "and has no journal"}; asked {request.FromSeq}..{request.ToSeq}");
    }

    /// <inheritdoc />
    public ReplyProgress Fill(ReplyBuffer message, ref int budget)
    {
        ArgumentNullException.ThrowIfNull(message);
        while (true)
        {
            if (_held is { } held)
            {
                if (!message.TryAdd(held))
                {
                    return ReplyProgress.Full;
                }

                _held = null;
                _sent++;
            }

            if (_status is not null)
            {
                return ReplyProgress.Done;
            }

            if (budget <= 0)
            {
                return ReplyProgress.Yield;
            }

            if (_next > _request.ToSeq)
            {
                Finish();
            }
            else if (_reader is not null)
            {
                StepJournal(ref budget);
            }
            else if (WindowFirst(out var first) && (first <= _next || _journalTried || _journalDirectory is null))
            {
                StepWindow(ref budget);
            }
            else if (_journalDirectory is not null && !_journalTried)
            {
                OpenJournal();
            }
            else
            {
                Finish();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader?.Dispose();
        _reader = null;
    }

    // The first streamSeq the window holds of the session when it holds something at or after _next.
    private bool WindowFirst(out ulong first)
    {
        first = 0;
        return _window is not null && _window.TryGetHeld(_request.StreamId, out var session, out first, out var last)
            && session == _session && last >= _next && last > 0;
    }

    private void StepWindow(ref int budget)
    {
        var log = _window!.Find(_request.StreamId)!;
        budget--;
        if (!log.TryView(out var session, out var head, out var tail) || session != _session || !log.TryFind(head, tail, _next, out var index))
        {
            return;
        }

        for (; index < tail && budget > 0; index++)
        {
            budget--;
            if (!log.TryCopy(index, out var seq, _accept, out var copy))
            {
                // Evicted while read: what follows is older than the window now; the journal may have it.
                _journalTried = false;
                return;
            }

            if (seq > _request.ToSeq)
            {
                _next = _request.ToSeq + 1;
                return;
            }

            _heldAny = true;
            _next = seq + 1;
            if (copy is not null)
            {
                _held = copy;
                return;
            }
        }

        if (index >= tail)
        {
            // Everything the window held of the range is sent; frames after it had not reached this server.
            _next = _request.ToSeq + 1;
        }
    }

    private void OpenJournal()
    {
        _journalTried = true;
        try
        {
            _reader = JournalReader.Open(_journalDirectory!, new JournalReadOptions { SkipCorrupt = true, BufferSize = JournalBufferBytes });
        }
        catch (Exception e) when (e is JournalException or IOException or UnauthorizedAccessException)
        {
            _journalError = e.Message;
        }
    }

    private void StepJournal(ref int budget)
    {
        WindowFirst(out var windowFirst);
        var reader = _reader!;
        while (budget > 0)
        {
            JournalRecord record;
            try
            {
                if (!reader.TryRead(out record))
                {
                    CloseJournal();
                    return;
                }
            }
            catch (Exception e) when (e is JournalException or IOException or UnauthorizedAccessException)
            {
                _journalError = e.Message;
                CloseJournal();
                return;
            }

            budget--;
            var message = record.Message;
            if (!TryParse(message, out var kind, out var streamId, out var value) || streamId != _request.StreamId)
            {
                continue;
            }

            if (kind == (byte)'S')
            {
                if (_journalSawSession && value != _session)
                {
                    // The session asked for ended here (the feed restarted into the same journal).
                    CloseJournal();
                    return;
                }

                _journalSession = value;
                continue;
            }

            if (_journalSession != _session)
            {
                continue;
            }

            _journalSawSession = true;
            _journalFirst = _journalFirst == 0 ? value : Math.Min(_journalFirst, value);
            _journalLast = Math.Max(_journalLast, value);
            if (value < _next)
            {
                continue;
            }

            if (value > _request.ToSeq)
            {
                _next = _request.ToSeq + 1;
                CloseJournal();
                return;
            }

            if (windowFirst != 0 && value >= windowFirst)
            {
                // The window holds the rest: the copy in memory is the same bytes and faster to read.
                CloseJournal();
                return;
            }

            _heldAny = true;
            _next = value + 1;
            if (_accept(message))
            {
                _held = message.ToArray();
                return;
            }
        }
    }

    private void CloseJournal()
    {
        _reader?.Dispose();
        _reader = null;
    }

    private void Finish()
    {
        CloseJournal();
        if (_heldAny || _sent > 0)
        {
            _status = "END";
            return;
        }

        IsUnavailable = true;
        _counters.AddUnavailable();
        var journal = _journalDirectory is null ? null
            : _journalError is not null ? $"and the journal could not be read ({_journalError})"
            : _journalLast == 0 ? "and nothing in the journal"
            : string.Create(CultureInfo.InvariantCulture, $"and {_journalFirst}..{_journalLast} in the journal");
        _status = "ERROR " + Unavailable(_request, _session, _window, journal);
    }

    private bool Accept(ReadOnlySpan<byte> message)
    {
        if (!_request.Matches(message))
        {
            return false;
        }

        return _allow is null || (Topic.TrySplit(message, out var topic, out _) && _allow(Topic.SymbolOf(topic)));
    }

    // A StreamStart (kind S, value its session) or a sequenced frame (T, Q, B; value its streamSeq) and its stream.
    private static bool TryParse(ReadOnlySpan<byte> message, out byte kind, out ushort streamId, out ulong value)
    {
        kind = 0;
        streamId = 0;
        value = 0;
        if (message.Length < 2 || message[0] is not ((byte)'T' or (byte)'Q' or (byte)'B' or (byte)'S')
            || !Topic.TrySplit(message, out _, out var frame))
        {
            return false;
        }

        kind = message[0];
        if (kind == (byte)'S')
        {
            if (frame.Length < 8 + 18)
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]);
            streamId = BinaryPrimitives.ReadUInt16LittleEndian(frame[(8 + 16)..]);
            return true;
        }

        if (frame.Length < 8 + 40)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]);
        streamId = BinaryPrimitives.ReadUInt16LittleEndian(frame[(8 + 36)..]);
        return true;
    }
}
