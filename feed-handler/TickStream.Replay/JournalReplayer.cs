using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Journal;

namespace TickStream.Replay;

/// <summary>
/// Republishes a journal on the wire live frames take (docs/WIRE.md): every recorded message goes out as one
/// ZeroMQ message, byte for byte, at the recorded inter-arrival times scaled by a speed.
/// </summary>
/// <remarks>
/// The replayer owns an XPUB socket of its own rather than a ring and a <c>FramePublisher</c>: the frames are
/// already encoded, so a ring would add a copy and a thread hop for nothing, and a <c>FramePublisher</c> would add
/// heartbeats of its own, where a replay must send the recorded ones and nothing else. XPUB rather than PUB so that
/// it can wait for subscribers. The socket is created and used on the thread that calls <see cref="Bind"/> and
/// <see cref="Run"/>. Per frame, this code allocates nothing: the record is read in place, copied into a pooled
/// NetMQ message and sent.
/// </remarks>
public sealed class JournalReplayer : IDisposable
{
    private const long ClockEveryUnpacedFrames = 63;
    private readonly ReplayOptions _options;
    private XPublisherSocket? _socket;
    private long _subscriptions;
    private long _dataSubscriptions;

    /// <summary>Creates a replayer; the socket is bound by <see cref="Bind"/> or on <see cref="Run"/>.</summary>
    /// <param name="options">What to replay, where and how fast.</param>
    public JournalReplayer(ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsValid(out var error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        _options = options;
    }

    /// <summary>The endpoint bound, with the port the system chose when it was <c>*</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Subscriptions received so far (net of unsubscriptions).</summary>
    public long Subscriptions => Interlocked.Read(ref _subscriptions);

    /// <summary>
    /// Subscriptions received so far that can match a data frame (any but <c>H|</c> and <c>S|</c> alone; see
    /// <see cref="Wire.SubscriptionPrefix"/>), net of unsubscriptions: what <see cref="Run"/> waits for.
    /// </summary>
    public long DataSubscriptions => Interlocked.Read(ref _dataSubscriptions);

    /// <summary>Binds (or connects) the socket, so that subscribers can connect before the replay starts.</summary>
    /// <exception cref="NetMQException">The endpoint cannot be bound.</exception>
    public void Bind()
    {
        if (_socket is not null)
        {
            return;
        }

        var socket = new XPublisherSocket();
        socket.Options.SendHighWatermark = _options.SendHighWatermark;
        socket.Options.XPubVerbose = true;
        socket.Options.Linger = _options.Linger;
        try
        {
            if (_options.Publish.StartsWith('>'))
            {
                socket.Connect(_options.Publish[1..]);
                Endpoint = _options.Publish[1..];
            }
            else
            {
                socket.Bind(_options.Publish.TrimStart('@'));
                Endpoint = socket.Options.LastEndpoint ?? _options.Publish;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
    }

    /// <summary>
    /// Replays the journal to its end (or the window's), then returns a summary. Waits first for
    /// <see cref="ReplayOptions.WaitForSubscriptions"/> data subscriptions, at most <see cref="ReplayOptions.WaitTimeout"/>;
    /// when the wait times out with none at all, nothing could be delivered and nothing is sent
    /// (<see cref="ReplaySummary.WaitTimedOut"/>), with some it starts with those.
    /// </summary>
    /// <param name="ct">Stops the replay; the summary says it was cancelled.</param>
    /// <returns>What was sent, how fast, how accurately.</returns>
    /// <exception cref="JournalException">The directory is missing or holds no journal.</exception>
    public ReplaySummary Run(CancellationToken ct = default)
    {
        Bind();
        var socket = _socket!;
        var problems = new List<JournalProblem>();
        var userOnProblem = _options.Read?.OnProblem;
        var read = CopyReadOptions(_options.Read, problem =>
        {
            problems.Add(problem);
            userOnProblem?.Invoke(problem);
        });
        using var reader = JournalReader.Open(_options.Directory, read);
        var waitClock = Stopwatch.StartNew();
        var waitTimedOut = !WaitForSubscriptions(socket, ct);
        var waited = waitClock.Elapsed;
        var subscribersAtStart = DataSubscriptions;
        if (_options.WaitForSubscriptions > 0)
        {
            _options.OnWaitOver?.Invoke(subscribersAtStart, waited, waitTimedOut);
        }

        if (waitTimedOut && subscribersAtStart == 0)
        {
            return new ReplaySummary
            {
                FramesSent = 0,
                FramesSkipped = 0,
                SendFailures = 0,
                FirstRecordedNs = null,
                LastRecordedNs = null,
                Elapsed = TimeSpan.Zero,
                Speed = _options.Speed,
                Lateness = new LatenessHistogram(),
                Problems = problems,
                StoppedOnCorruption = false,
                Cancelled = ct.IsCancellationRequested,
                WaitedFor = waited,
                WaitTimedOut = true,
                DataSubscriptionsAtStart = 0,
            };
        }

        var lateness = new LatenessHistogram();
        var pacer = new ReplayPacer(_options.Speed);
        var progressTicks = (long)(_options.ProgressInterval.TotalSeconds * Stopwatch.Frequency);
        var nextProgress = 0L;
        var nextSubscriptionCheck = 0L;
        var subscriptionCheckTicks = Stopwatch.Frequency / 10;
        long sent = 0;
        long failures = 0;
        long firstNs = 0;
        long lastNs = 0;
        long lastSendTimestamp = 0;
        var cancelled = false;
        var ticksToNs = 1e9 / Stopwatch.Frequency;

        var holes = new JournalHoleFinder();
        while (reader.TryRead(out var record))
        {
            holes.Observe(record.Message, record.ReceiveTimeNs);
            if (ct.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            var due = pacer.WaitUntilDue(record.ReceiveTimeNs, ct);
            if (ct.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            if (Send(socket, record.Message))
            {
                sent++;
            }
            else
            {
                failures++;
            }

            lastNs = record.ReceiveTimeNs;
            var count = sent + failures;
            if (pacer.IsUnpaced && count > 1 && (count & ClockEveryUnpacedFrames) != 0)
            {
                // As fast as possible: the clock is read for the housekeeping below every 64 frames only.
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            lastSendTimestamp = now;
            if (!pacer.IsUnpaced)
            {
                lateness.Record((long)((now - due) * ticksToNs));
            }

            if (count == 1)
            {
                firstNs = record.ReceiveTimeNs;
                nextProgress = now + progressTicks;
                nextSubscriptionCheck = now + subscriptionCheckTicks;
            }

            if (now >= nextSubscriptionCheck)
            {
                // Subscription messages queue up on an XPUB socket: read them now and then.
                nextSubscriptionCheck = now + subscriptionCheckTicks;
                ReadSubscriptions(socket);
            }

            if (_options.OnProgress is { } onProgress && now >= nextProgress)
            {
                nextProgress = now + progressTicks;
                onProgress(new ReplayProgress(sent, reader.RecordsScanned - reader.RecordsRead, firstNs, lastNs,
                    Stopwatch.GetElapsedTime(pacer.OriginTimestamp, now)));
            }
        }

        var any = sent + failures > 0;
        if (pacer.IsUnpaced && any)
        {
            lastSendTimestamp = Stopwatch.GetTimestamp();
        }

        var elapsed = any ? Stopwatch.GetElapsedTime(pacer.OriginTimestamp, lastSendTimestamp) : TimeSpan.Zero;
        var skipped = reader.RecordsScanned - reader.RecordsRead;
        _options.OnProgress?.Invoke(new ReplayProgress(sent, skipped, firstNs, lastNs, elapsed));
        return new ReplaySummary
        {
            FramesSent = sent,
            FramesSkipped = skipped,
            SendFailures = failures,
            FirstRecordedNs = any ? firstNs : null,
            LastRecordedNs = any ? lastNs : null,
            Elapsed = elapsed,
            Speed = _options.Speed,
            Lateness = lateness,
            Problems = problems,
            StoppedOnCorruption = reader.StoppedOnCorruption,
            Cancelled = cancelled,
            WaitedFor = waited,
            WaitTimedOut = waitTimedOut,
            DataSubscriptionsAtStart = subscribersAtStart,
            Holes = holes.Holes,
        };
    }

    /// <inheritdoc />
    public void Dispose() => _socket?.Dispose();

    private static JournalReadOptions CopyReadOptions(JournalReadOptions? source, Action<JournalProblem> onProblem) =>
        source is null
            ? new JournalReadOptions { OnProblem = onProblem }
            : new JournalReadOptions
            {
                FromTimeNs = source.FromTimeNs,
                ToTimeNs = source.ToTimeNs,
                Symbols = source.Symbols,
                SkipCorrupt = source.SkipCorrupt,
                BufferSize = source.BufferSize,
                OnProblem = onProblem,
            };

    private static bool Send(XPublisherSocket socket, ReadOnlySpan<byte> message)
    {
        var msg = default(Msg);
        msg.InitPool(message.Length);
        message.CopyTo(msg.Slice());

        // An XPUB never blocks: past the high-water mark ZeroMQ drops for that subscriber alone, and TrySend
        // still succeeds; it fails only when the socket cannot take the message at all.
        var sent = socket.TrySend(ref msg, TimeSpan.Zero, more: false);
        msg.Close();
        return sent;
    }

    // Whether the wanted data subscriptions arrived (true when none were wanted); false when the wait timed out
    // or was cancelled.
    private bool WaitForSubscriptions(XPublisherSocket socket, CancellationToken ct)
    {
        ReadSubscriptions(socket);
        if (_options.WaitForSubscriptions <= 0)
        {
            return true;
        }

        var clock = Stopwatch.StartNew();
        while (DataSubscriptions < _options.WaitForSubscriptions && clock.Elapsed < _options.WaitTimeout
            && !ct.IsCancellationRequested)
        {
            if (socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out var message))
            {
                CountSubscription(message);
            }
        }

        // A subscriber sends its prefixes together: take the rest of them too, so none of its topics misses the
        // first frames.
        ReadSubscriptions(socket);
        return DataSubscriptions >= _options.WaitForSubscriptions;
    }

    // Subscription messages are rare (a byte 1 or 0, then the prefix): allocating for them is fine.
    private void ReadSubscriptions(XPublisherSocket socket)
    {
        while (socket.TryReceiveFrameBytes(TimeSpan.Zero, out var message))
        {
            CountSubscription(message);
        }
    }

    private void CountSubscription(byte[] message)
    {
        if (message.Length == 0 || message[0] > 1)
        {
            return;
        }

        var change = message[0] == 1 ? 1 : -1;
        Interlocked.Add(ref _subscriptions, change);
        if (Wire.SubscriptionPrefix.CoversData(message.AsSpan(1)))
        {
            Interlocked.Add(ref _dataSubscriptions, change);
        }
    }
}
