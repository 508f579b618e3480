using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TickStream.Disruptor;
using TickStream.Journal;
using TickStream.Recovery;
using TickStream.Sources;

namespace TickStream.FeedHandler;

/// <summary>
/// One feed handler: a thread per source normalising ticks into the ring, and the ring's publisher sending them on
/// the PUB socket (on its own thread, or on the source's while that thread is parked). Each source is a stream of
/// its own (stream ids from 1, in the order given).
/// </summary>
public sealed class FeedEngine : IDisposable
{
    private readonly FeedHandlerOptions _options;
    private readonly IReadOnlyList<ITickSource> _sources;
    private readonly InstrumentRegistry _registry;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopSources = new();
    private readonly List<Thread> _sourceThreads = [];
    private readonly List<StreamNormaliser> _normalisers = [];
    private readonly List<SourceErrorLog> _sourceErrors = [];
    private readonly TaskCompletionSource _sourcesDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RingPipeline<FrameSlot>? _pipeline;
    private FramePublisher? _publisher;
    private CallerRunsEventProcessor<FrameSlot, PublishHandler>? _publishProcessor;
    private JournalWriter? _journal;
    private RetransmitService? _retransmit;
    private int _running;
    private int _stopped;
    private readonly Lock _ageLock = new();
    private long _ageTicks = -1;
    private long _ageChangedAt = Stopwatch.GetTimestamp();

    /// <summary>Creates a feed handler; nothing runs before <see cref="Start"/>.</summary>
    /// <param name="options">Publishing options.</param>
    /// <param name="sources">One stream per source.</param>
    /// <param name="registry">The instruments the sources' ticks refer to.</param>
    /// <param name="logger">Where lifecycle and errors are logged.</param>
    public FeedEngine(FeedHandlerOptions options, IReadOnlyList<ITickSource> sources, InstrumentRegistry registry,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        if (!options.IsValid(out var error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        if (sources.Count is 0 or > ushort.MaxValue)
        {
            throw new ArgumentException($"A feed handler needs 1 to {ushort.MaxValue} sources, not {sources.Count}.", nameof(sources));
        }

        _options = options;
        _sources = sources;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What the feed handler has done so far.</summary>
    public FeedCounters Counters { get; } = new();

    /// <summary>The bound PUB endpoint, with the port chosen when the configured one was <c>*</c>.</summary>
    public string Endpoint => _publisher?.Endpoint ?? throw new InvalidOperationException("Not started.");

    /// <summary>The journal being written, when one was asked for.</summary>
    public JournalWriter? Journal => _journal;

    /// <summary>The retransmission service, when <see cref="FeedHandlerOptions.Request"/> asked for one.</summary>
    public RetransmitService? Retransmission => _retransmit;

    /// <summary>Lines a second about single malformed inputs, per source; past it they are counted (docs/SOURCES.md).</summary>
    public const int MalformedLinesPerSecond = 10;

    /// <summary>The malformed-input log of each source, in source order (once the sources have started).</summary>
    public IReadOnlyList<SourceErrorLog> SourceErrors => _sourceErrors;

    /// <summary>Malformed inputs of all sources so far.</summary>
    public long Malformed
    {
        get
        {
            long total = 0;
            foreach (var source in _sources)
            {
                total += source.Counters.Malformed;
            }

            return total;
        }
    }

    /// <summary>The sources, one per stream.</summary>
    public IReadOnlyList<ITickSource> Sources => _sources;

    /// <summary>Completes when every source has ended (files read to the end) or was stopped.</summary>
    public Task SourcesCompleted => _sourcesDone.Task;

    /// <summary>The share of the ring holding frames not yet published, 0 to 1.</summary>
    public double RingFill => _pipeline is { } p ? (double)RingBacklog / p.RingBuffer.BufferSize : 0;

    /// <summary>How long since the last tick arrived (since the start while none has).</summary>
    public TimeSpan LastTickAge
    {
        get
        {
            // Sampled when asked (by metrics and health), so the hot path keeps no clock of its own.
            var ticks = Counters.TicksIn;
            var now = Stopwatch.GetTimestamp();
            lock (_ageLock)
            {
                if (ticks != _ageTicks)
                {
                    _ageTicks = ticks;
                    _ageChangedAt = now;
                }

                return Stopwatch.GetElapsedTime(_ageChangedAt, now);
            }
        }
    }

    /// <summary>Whether the feed handler does its job: started, not stopped, and a source still running.</summary>
    public bool IsAlive => _pipeline is not null && Volatile.Read(ref _stopped) == 0 && !SourcesCompleted.IsCompleted;

    /// <summary>How many times a source thread ran the ring's publisher itself, sending what was published, because
    /// the publisher's thread was parked (an idle ring; docs/RING.md).</summary>
    public long PublisherRunsOnSources => _publishProcessor?.CallerRuns ?? 0;

    /// <summary>Ticks still in the ring, not yet published.</summary>
    public long RingBacklog => _pipeline is { } p && p.Processors.Count > 0
        ? p.RingBuffer.Cursor - p.Processors[0].Sequence.Value
        : 0;

    /// <summary>
    /// Called by <see cref="Stop"/> with the bound endpoint once the ring is drained, just before the socket closes:
    /// where a program waits for what it published to reach its subscribers (ZeroMQ resets the connections when
    /// the socket closes, dropping what the kernel still queues for them).
    /// </summary>
    public Action<string>? BeforeSocketClose { get; set; }

    /// <summary>Binds the socket, starts the publisher and then every source.</summary>
    public void Start()
    {
        StartPublisher();
        StartSources();
    }

    /// <summary>
    /// Binds the socket and starts the publisher thread, but no source yet: for callers that first wait for a
    /// subscriber (see <see cref="FeedCounters.Subscriptions"/>) so that it sees every tick from the first.
    /// </summary>
    public void StartPublisher()
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The feed handler is already started.");
        }

        // Heartbeats are sent by the publisher, not through the ring: this queue hands them to the journal too.
        var journalHeartbeats = _options.JournalDirectory is null ? null : new JournalHeartbeats();
        _publisher = new FramePublisher(_options.Publish, _options.SendHighWatermark, _options.HeartbeatInterval, Counters,
            _options.DrainTimeout, journalHeartbeats);
        var producerType = _sources.Count == 1 ? ProducerType.Single : ProducerType.Multi;

        // Blocking with a timeout: the journal sleeps when the feed is quiet (two cores are not enough to spin).
        // The publisher parks open to the sources: a source that publishes while it sleeps sends the frame itself,
        // with no wake-up, and its park timeout sends heartbeats when the feed is idle (docs/RING.md).
        var idle = _options.HeartbeatInterval / 4;
        var exceptionHandler = new LoggingExceptionHandler(_logger);
        _pipeline = new RingPipeline<FrameSlot>(_options.RingSize, producerType, new TimeoutBlockingWaitStrategy(idle),
            _options.FullRingPolicy, exceptionHandler);
        _publishProcessor = new CallerRunsEventProcessor<FrameSlot, PublishHandler>(_pipeline.RingBuffer,
            _pipeline.RingBuffer.NewBarrier(), new PublishHandler(_publisher), idle, exceptionHandler);
        var consumers = _pipeline.HandleEventsWith(_publishProcessor);
        if (_options.JournalDirectory is { } journalDirectory)
        {
            _journal = JournalWriter.Open(journalDirectory, new JournalWriterOptions
            {
                StreamName = "feed",
                FlushPolicy = _options.JournalFlushPolicy,
                OnWriteFault = LogJournalFault,
            });
            Counters.AttachJournal(_journal);
            consumers.And(new JournalHandler(_journal, journalHeartbeats));
        }

        if (_options.Request is { } requestEndpoint)
        {
            // A consumer beside the publisher copies every frame into the window; the service reads it on its own thread.
            var window = new RetransmitWindow(_options.Transfers.WindowFrames);
            consumers.And(new WindowHandler(window));
            _retransmit = new RetransmitService(requestEndpoint, window, _options.JournalDirectory, _options.Transfers, _logger);
            _retransmit.Start();
        }

        _pipeline.Start();
        FeedLog.Publishing(_logger, _publisher.Endpoint, _options.RingSize, _options.FullRingPolicy);
    }

    // On the journal's thread, once per outage and then at most every 30 s while it lasts: the feed goes on publishing.
    private void LogJournalFault(JournalWriteFault fault)
    {
        if (fault.Kind == JournalWriteFaultKind.Resumed)
        {
            FeedLog.JournalResumed(_logger, fault);
        }
        else
        {
            FeedLog.JournalFailing(_logger, fault);
        }
    }

    /// <summary>Starts a thread per source, each a stream of its own; call after <see cref="StartPublisher"/>.</summary>
    public void StartSources()
    {
        if (_pipeline is null || _publisher is null)
        {
            throw new InvalidOperationException("Start the publisher first.");
        }

        if (_normalisers.Count > 0)
        {
            throw new InvalidOperationException("The sources are already started.");
        }

        // The start time in ns: a new value at every start, so subscribers see the sequences reset.
        var sessionId = (ulong)Wire.WireClock.NowNanoseconds();
        var remaining = _sources.Count;
        for (var i = 0; i < _sources.Count; i++)
        {
            var source = _sources[i];
            var streamId = (ushort)(i + 1);
            var normaliser = new StreamNormaliser(streamId, source.Name, sessionId, _pipeline.RingBuffer, _registry, Counters,
                _publishProcessor);
            _normalisers.Add(normaliser);
            var errors = new SourceErrorLog(_logger, source.Name, MalformedLinesPerSecond);
            _sourceErrors.Add(errors);
            source.Counters.ErrorReported += errors.Report;
            _publisher.AddStream(streamId);
            var thread = new Thread(() =>
            {
                try
                {
                    normaliser.Start();
                    source.Run(normaliser, _stopSources.Token);
                    FeedLog.SourceEnded(_logger, source.Name, source.Counters);
                }
#pragma warning disable CA1031 // A failing source is logged and ends its stream; the feed handler goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    FeedLog.SourceFailed(_logger, e, source.Name);
                }
                finally
                {
                    errors.Summarise();
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        _sourcesDone.TrySetResult();
                    }
                }
            })
            {
                IsBackground = true,
                Name = "source-" + streamId,
            };
            _sourceThreads.Add(thread);
            thread.Start();
            FeedLog.StreamStarted(_logger, streamId, source.Name);
        }
    }

    /// <summary>
    /// Stops the sources, publishes everything already in the ring, and closes the socket (lingering so that
    /// queued messages still go out).
    /// </summary>
    /// <returns>Whether every frame in the ring was published within the drain timeout.</returns>
    public bool Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _pipeline is null)
        {
            return true;
        }

        _stopSources.Cancel();
        foreach (var thread in _sourceThreads)
        {
            if (!thread.Join(_options.DrainTimeout))
            {
                FeedLog.SourceDidNotStop(_logger, thread.Name, _options.DrainTimeout);
            }
        }

        var drained = _pipeline.Shutdown(_options.DrainTimeout);
        if (_publisher is not null)
        {
            BeforeSocketClose?.Invoke(_publisher.Endpoint);
        }

        _retransmit?.Dispose();
        _publisher?.Dispose();
        _journal?.Dispose();
        FeedLog.Stopped(_logger, drained ? "ring drained" : "ring NOT drained", Counters);
        return drained;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _stopSources.Dispose();
        _pipeline?.Dispose();
    }
}
