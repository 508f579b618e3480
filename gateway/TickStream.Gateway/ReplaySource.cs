using System.Globalization;
using TickStream.Journal;
using TickStream.Recovery;

namespace TickStream.Gateway;

/// <summary>
/// The frames of a REPLAY: the journal's messages of some symbols between two receive times, at most
/// <see cref="GatewayOptions.MaxReplayFrames"/>, after which the reply ends in <c>END TRUNCATED &lt;time&gt;</c>.
/// The open reader is the transfer's cursor.
/// </summary>
internal sealed class ReplaySource : IReplySource
{
    private readonly JournalReader _reader;
    private readonly int _maxFrames;
    private int _sent;
    private byte[]? _held;
    private string? _status;
    private string? _error;

    /// <summary>Opens the journal; throws <see cref="JournalException"/> or an I/O exception when it cannot.</summary>
    public ReplaySource(string directory, long from, long to, IReadOnlyList<string> symbols, int maxFrames)
    {
        _reader = JournalReader.Open(directory, new JournalReadOptions
        {
            FromTimeNs = from,
            ToTimeNs = to,
            Symbols = symbols,
            SkipCorrupt = true,
            BufferSize = 64 * 1024,
        });
        _maxFrames = maxFrames;
    }

    public string Status => _status ?? "END";

    public ReplyProgress Fill(ReplyBuffer message, ref int budget)
    {
        while (true)
        {
            if (_held is { } held)
            {
                if (!message.TryAdd(held))
                {
                    return ReplyProgress.Full;
                }

                _held = null;
            }

            if (_error is not null)
            {
                // An error reply carries no data frames: what was read goes out first, ending in MORE.
                if (message.Frames.Count > 0)
                {
                    return ReplyProgress.Full;
                }

                _status = "ERROR " + _error;
                _error = null;
            }

            if (_status is not null)
            {
                return ReplyProgress.Done;
            }

            if (budget <= 0)
            {
                return ReplyProgress.Yield;
            }

            budget--;
            try
            {
                if (!_reader.TryRead(out var record))
                {
                    _status = "END";
                    continue;
                }

                if (_sent == _maxFrames)
                {
                    _status = string.Create(CultureInfo.InvariantCulture, $"END TRUNCATED {record.ReceiveTimeNs}");
                    continue;
                }

                _held = record.Message.ToArray();
                _sent++;
            }
            catch (Exception e) when (e is JournalException or IOException or UnauthorizedAccessException)
            {
                _error = $"a readable journal; reading it failed: {e.Message}";
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
