using System.Globalization;

namespace TickStream.Recovery;

/// <summary>
/// RETRANSMIT, CREDIT and CANCEL (docs/RECOVERY.md) for a request service that has a window and optionally a
/// journal: the one implementation the gateway and the feed handler share. Used by the service's thread.
/// </summary>
public sealed class RecoveryCommands
{
    /// <summary>The recovery commands' forms, for usage lines.</summary>
    public const string Usage = "RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq> [<prefix>...] | CREDIT <n> | CANCEL";

    private readonly TransferTable _table;
    private readonly RetransmitWindow? _window;
    private readonly string? _journalDirectory;
    private readonly TransferCounters _counters;

    /// <summary>Creates the commands over a service's transfers, window and journal.</summary>
    /// <param name="table">The service's transfers.</param>
    /// <param name="window">Its window, or null.</param>
    /// <param name="journalDirectory">Its journal, or null.</param>
    /// <param name="counters">Its transfer counters.</param>
    public RecoveryCommands(TransferTable table, RetransmitWindow? window, string? journalDirectory, TransferCounters counters)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _window = window;
        _journalDirectory = journalDirectory;
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
    }

    /// <summary>Whether <paramref name="command"/> (upper case) is one of these.</summary>
    /// <param name="command">The first word, upper case.</param>
    /// <returns>True for RETRANSMIT, CREDIT and CANCEL.</returns>
    public static bool Handles(string command) => command is "RETRANSMIT" or "CREDIT" or "CANCEL";

    /// <summary>The kind a command is counted as.</summary>
    /// <param name="command">The first word, upper case.</param>
    /// <returns>The kind.</returns>
    public static RequestKind KindOf(string command) => command switch
    {
        "SNAPSHOT" => RequestKind.Snapshot,
        "LIST" => RequestKind.List,
        "REPLAY" => RequestKind.Replay,
        "RETRANSMIT" => RequestKind.Retransmit,
        "CREDIT" => RequestKind.Credit,
        "CANCEL" => RequestKind.Cancel,
        "LOGIN" => RequestKind.Login,
        "SUBSCRIBE" or "UNSUBSCRIBE" => RequestKind.Subscribe,
        _ => RequestKind.Other,
    };

    /// <summary>Handles one of the commands.</summary>
    /// <param name="envelope">The requester.</param>
    /// <param name="words">The request's words; the first is the command (any case).</param>
    /// <param name="allow">The symbols the requester may see (entitlements), or null for all.</param>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    /// <returns>What to send.</returns>
    public RecoveryReply Handle(ReplyEnvelope envelope, IReadOnlyList<string> words, SymbolFilter? allow, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(words);
        var command = words[0].ToUpperInvariant();
        switch (command)
        {
            case "CREDIT":
                if (words.Count != 2 || !ulong.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var credit) || credit < 1)
                {
                    return Error($"CREDIT <n> with n a whole number of at least 1{(words.Count > 1 ? $", got '{RequestText.Printable(words[1])}'" : "")}");
                }

                _table.Credit(envelope, (long)Math.Min(credit, int.MaxValue), nowMs);
                return default;
            case "CANCEL":
                return words.Count == 1 ? new RecoveryReply(_table.Cancel(envelope), null) : Error("CANCEL with no arguments");
            case "RETRANSMIT":
                return Retransmit(envelope, words, allow, nowMs);
            default:
                return Error($"a known command, got '{RequestText.Printable(words[0])}'; expected one of: {Usage}");
        }
    }

    private RecoveryReply Retransmit(ReplyEnvelope envelope, IReadOnlyList<string> words, SymbolFilter? allow, long nowMs)
    {
        if (!RetransmitRequest.TryParse(words, out var request, out var error))
        {
            return Error(error!);
        }

        if (_table.IsOpen(envelope))
        {
            return new RecoveryReply(_table.Busy(envelope), null);
        }

        ulong session;
        if (request!.SessionId is { } asked)
        {
            session = asked;
        }
        else if (_window is not null && _window.TryGetHeld(request.StreamId, out var current, out _, out _))
        {
            session = current;
        }
        else
        {
            _counters.AddUnavailable();
            return new RecoveryReply(envelope.Message(null, string.Create(CultureInfo.InvariantCulture,
                $"ERROR unavailable: stream {request.StreamId} has not been seen here, so * names no session; give the sessionId (from its StreamStart) to search the journal")), null);
        }

        // Without a journal the window alone decides, at once: no transfer is opened for a range it does not hold.
        if (_journalDirectory is null && !WindowOverlaps(request, session))
        {
            _counters.AddUnavailable();
            return new RecoveryReply(envelope.Message(null, "ERROR " + RetransmitSource.Unavailable(request, session, _window, null)), null);
        }

        var source = new RetransmitSource(request, session, _window, _journalDirectory, allow, _counters);
        return new RecoveryReply(_table.Open(envelope, source, retransmit: true, nowMs), null);
    }

    private bool WindowOverlaps(RetransmitRequest request, ulong session) =>
        _window is not null && _window.TryGetHeld(request.StreamId, out var current, out var first, out var last)
        && current == session && last != 0 && first <= request.ToSeq && last >= request.FromSeq;

    private RecoveryReply Error(string expected)
    {
        _counters.AddError();
        return new RecoveryReply(null, expected);
    }
}
