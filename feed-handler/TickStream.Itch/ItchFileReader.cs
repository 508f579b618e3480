using System.Buffers.Binary;
using System.IO.Compression;

namespace TickStream.Itch;

/// <summary>
/// Streams an ITCH 5.0 BinaryFILE (2-byte big-endian length before each message), plain or gzip, through one reusable
/// buffer: no allocation per message, and a message that straddles two reads is moved to the front before the next one.
/// Pull-based: <see cref="Poll{THandler}"/> hands at most a given number of messages to a handler and returns, so a
/// caller can interleave reading with publishing.
/// </summary>
public sealed class ItchFileReader : IDisposable
{
    /// <summary>Default buffer size: large enough for many messages per read.</summary>
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>Smallest buffer that holds the longest possible frame (2 + 65535 bytes).</summary>
    public const int MinimumBufferSize = ItchParser.LengthPrefixSize + ushort.MaxValue;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfStream;

    /// <summary>Reads ITCH messages from <paramref name="stream"/>.</summary>
    /// <param name="stream">
    /// The data. When it is seekable and starts with the gzip magic bytes 1F 8B it is decompressed; a non-seekable
    /// stream is read as is (wrap it in a <see cref="GZipStream"/> yourself).
    /// </param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <param name="bufferSize">Read buffer size; raised to <see cref="MinimumBufferSize"/> when smaller.</param>
    /// <param name="errors">Where rejected input is counted; a new instance when null.</param>
    public ItchFileReader(Stream stream, bool leaveOpen = false, int bufferSize = DefaultBufferSize, ItchErrorCounters? errors = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _leaveOpen = leaveOpen;
        IsGzip = stream.CanSeek && StartsWithGzipMagic(stream);
        _stream = IsGzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen) : stream;
        _buffer = new byte[Math.Max(bufferSize, MinimumBufferSize)];
        Errors = errors ?? new ItchErrorCounters();
    }

    /// <summary>True when the input is gzip-compressed; offsets then count decompressed bytes.</summary>
    public bool IsGzip { get; }

    /// <summary>Counts of rejected input by cause.</summary>
    public ItchErrorCounters Errors { get; }

    /// <summary>Frames consumed so far, good or bad.</summary>
    public long MessagesRead { get; private set; }

    /// <summary>Stream offset of the next unread byte (decompressed bytes for gzip input).</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>True once the whole stream, including any truncated tail, has been consumed.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Opens a file, plain or gzip (detected by its first two bytes).</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">Read buffer size.</param>
    /// <param name="errors">Where rejected input is counted; a new instance when null.</param>
    /// <returns>A reader that owns the file.</returns>
    public static ItchFileReader Open(string path, int bufferSize = DefaultBufferSize, ItchErrorCounters? errors = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return new ItchFileReader(file, leaveOpen: false, bufferSize, errors);
    }

    /// <summary>True when <paramref name="prefix"/> starts with the gzip magic bytes 1F 8B.</summary>
    /// <param name="prefix">The first bytes of a file.</param>
    /// <returns>True for gzip.</returns>
    public static bool IsGzipMagic(ReadOnlySpan<byte> prefix) => prefix.Length >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B;

    /// <summary>
    /// Hands up to <paramref name="maxMessages"/> messages to <paramref name="handler"/>, reading more input as needed.
    /// </summary>
    /// <typeparam name="THandler">The handler; a struct so the calls are devirtualised.</typeparam>
    /// <param name="handler">Receives the messages and the errors.</param>
    /// <param name="maxMessages">Upper bound of frames consumed by this call.</param>
    /// <returns>Frames consumed; 0 only once <see cref="IsCompleted"/> is true.</returns>
    public int Poll<THandler>(ref THandler handler, int maxMessages)
        where THandler : struct, IItchMessageHandler
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        var consumed = 0;
        while (consumed < maxMessages && !IsCompleted)
        {
            var available = _end - _start;
            if (available >= ItchParser.LengthPrefixSize)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start));
                var frame = ItchParser.LengthPrefixSize + length;
                if (available >= frame)
                {
                    ItchParser.Dispatch(_buffer.AsSpan(_start + ItchParser.LengthPrefixSize, length), Position, ref handler, Errors);
                    _start += frame;
                    consumed++;
                    MessagesRead++;
                    continue;
                }
            }

            if (_endOfStream)
            {
                if (available > 0)
                {
                    ItchParser.ReportTruncatedTail(_buffer.AsSpan(_start, available), Position, ref handler, Errors);
                    _start = _end;
                }

                IsCompleted = true;
                break;
            }

            try
            {
                Fill();
            }
            catch (InvalidDataException) when (IsGzip)
            {
                // A corrupt gzip stream is bad input like any other: counted and reported, never thrown. Nothing
                // after it can be decompressed, so the input ends here.
                _endOfStream = true;
                var error = new ItchError(ItchErrorKind.CorruptCompressedInput, _bufferOffset + _end, 0, 0, 0);
                Errors.Record(error);
                handler.OnError(error);
            }
        }

        return consumed;
    }

    /// <summary>Hands every remaining message to <paramref name="handler"/>.</summary>
    /// <typeparam name="THandler">The handler; a struct so the calls are devirtualised.</typeparam>
    /// <param name="handler">Receives the messages and the errors.</param>
    /// <returns>Frames consumed by this call.</returns>
    public long ReadToEnd<THandler>(ref THandler handler)
        where THandler : struct, IItchMessageHandler
    {
        long total = 0;
        int read;
        while ((read = Poll(ref handler, int.MaxValue)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (IsGzip || !_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static bool StartsWithGzipMagic(Stream stream)
    {
        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return IsGzipMagic(magic[..read]);
    }

    private void Fill()
    {
        // Keep the partial frame: move it to the front so the next read completes it.
        if (_start > 0)
        {
            var remaining = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _bufferOffset += _start;
            _start = 0;
            _end = remaining;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }
}
