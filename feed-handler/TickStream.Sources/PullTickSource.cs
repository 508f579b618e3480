using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Sources;

/// <summary>
/// Receives ticks that any ZeroMQ producer PUSHes: one header-less CSV row per message, columns in the fixed
/// order of <see cref="CsvColumnMap.PullOrder"/> (docs/SOURCES.md). Malformed messages are counted and reported
/// as "pull:ENDPOINT message #N" and skipped. The socket is bound or connected when the source is created, so
/// producers can start at once; <see cref="Run"/> receives on the calling thread.
/// </summary>
public sealed class PullTickSource : ITickSource, IDisposable
{
    private readonly PullSocket _socket;
    private readonly CsvTickParser _parser;
    private readonly TimeSpan _pollInterval;
    private long _messages;
    private bool _disposed;

    /// <summary>Creates the source and binds or connects its PULL socket.</summary>
    /// <param name="options">Endpoint and socket settings.</param>
    /// <param name="registry">Resolves symbols; symbols seen for the first time are added.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="NetMQException">The endpoint cannot be bound or connected.</exception>
    public PullTickSource(PullTickSourceOptions options, InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Endpoint);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReceiveHighWatermark);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageSize, 1);
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollInterval, "PollInterval must be in (0, 10 s]");
        }

        _parser = new CsvTickParser(CsvColumnMap.PullOrder, registry, options.NewInstrumentSpec);
        _pollInterval = options.PollInterval;
        _socket = new PullSocket();
        try
        {
            _socket.Options.ReceiveHighWatermark = options.ReceiveHighWatermark;
            _socket.Options.MaxMsgSize = options.MaxMessageSize;
            _socket.Options.Linger = TimeSpan.Zero;
            var endpoint = options.Endpoint.Trim();
            if (endpoint.StartsWith('>'))
            {
                LastEndpoint = endpoint[1..];
                _socket.Connect(LastEndpoint);
            }
            else
            {
                _socket.Bind(endpoint.StartsWith('@') ? endpoint[1..] : endpoint);
                LastEndpoint = _socket.Options.LastEndpoint ?? endpoint;
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        Name = "pull:" + LastEndpoint;
        Counters = new SourceCounters(Name);
    }

    /// <summary>The endpoint actually bound (with the port chosen for "*") or connected to.</summary>
    public string LastEndpoint { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public SourceCounters Counters { get; }

    /// <summary>Messages received so far, good and malformed.</summary>
    public long MessagesReceived => Volatile.Read(ref _messages);

    /// <summary>
    /// Receives and delivers ticks until <paramref name="ct"/> is cancelled; returns within about one
    /// <see cref="PullTickSourceOptions.PollInterval"/> of cancellation. Not to be called on two threads at once.
    /// </summary>
    /// <param name="sink">Receives every tick.</param>
    /// <param name="ct">Stops the source.</param>
    public void Run(ITickSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tick = default(RawTick);
        var msg = default(Msg);
        msg.InitEmpty();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!_socket.TryReceive(ref msg, _pollInterval))
                {
                    continue;
                }

                var number = Interlocked.Increment(ref _messages);
                ReadOnlySpan<byte> row = msg.Slice();
                while (!row.IsEmpty && (row[^1] == (byte)'\n' || row[^1] == (byte)'\r'))
                {
                    row = row[..^1];
                }

                if (row.IsEmpty)
                {
                    Counters.ReportMalformed(Location(number), "empty message");
                }
                else if (_parser.TryParse(row, ref tick, out var reason))
                {
                    sink.OnTick(ref tick);
                    Counters.AddTicksRead(1);
                }
                else
                {
                    Counters.ReportMalformed(Location(number), reason!);
                }
            }
        }
        finally
        {
            msg.Close();
        }
    }

    /// <summary>Closes the socket; call after <see cref="Run"/> has returned.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _socket.Dispose();
        }
    }

    private string Location(long number) => $"{Name} message #{number}";
}
