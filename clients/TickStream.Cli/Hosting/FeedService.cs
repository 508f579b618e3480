using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TickStream.FeedHandler;
using TickStream.Monitoring;

namespace TickStream.Cli.Hosting;

/// <summary>
/// Runs a <see cref="FeedEngine"/> as a hosted service: logs its counters periodically, stops the host when the
/// sources end or the duration passes, and on stop drains the ring so that every tick read is published.
/// </summary>
internal sealed partial class FeedService(FeedRun run, IHostApplicationLifetime lifetime, ILogger<FeedService> logger)
    : CliService(lifetime, logger)
{
    private FeedEngine? _engine;
    private FeedMetrics? _metrics;
    private MonitoringEndpoint? _monitoring;
    private bool? _subscribersCaughtUp;

    protected override void OnFailure(Exception failure) => run.Failure = failure;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _engine = new FeedEngine(run.Options, run.Sources, run.Registry, logger)
        {
            // Before the socket closes (NetMQ resets its connections then): the subscribers take in the tail.
            BeforeSocketClose = endpoint => _subscribersCaughtUp = NetMQFlush.WaitForSubscribers(endpoint, run.Options.DrainTimeout),
        };
        try
        {
            _engine.StartPublisher();
        }
        catch (NetMQ.NetMQException e)
        {
            LogBindFailed(logger, run.Options.Publish, e is NetMQ.AddressAlreadyInUseException ? "the address is already in use" : e.Message);
            run.ExitCode = 2;
            Lifetime.StopApplication();
            return;
        }

        if (run.Options.MetricsPort is { } port)
        {
            _metrics = new FeedMetrics(_engine);
            _monitoring = new MonitoringEndpoint(port, Health);
            LogMonitoring(logger, _monitoring.Url);
        }

        if (!await WaitForSubscribers(_engine, stoppingToken).ConfigureAwait(false))
        {
            Lifetime.StopApplication();
            return;
        }

        _engine.StartSources();

        using var timer = new PeriodicTimer(run.StatsInterval);

        // --duration is exact: its own timer, not the next counters line, ends the run.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (run.Duration is { } d && d > TimeSpan.Zero)
        {
            ended.CancelAfter(d);
        }

        var end = Task.Delay(Timeout.Infinite, ended.Token);
        try
        {
            // The stopping token first: its cancellation completes the tick inside the token's own callback, before
            // the linked 'end' is cancelled, and without this test the loop would spin there for ever.
            while (!stoppingToken.IsCancellationRequested && !end.IsCompleted && !_engine.SourcesCompleted.IsCompleted)
            {
                var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                await Task.WhenAny(tick, _engine.SourcesCompleted, end).ConfigureAwait(false);
                if (tick.IsCompletedSuccessfully)
                {
                    var counters = _engine.Counters.ToStringWithRates();
                    LogCounters(logger, counters, _engine.RingBacklog);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A signal: StopAsync drains.
        }

        if (_engine.SourcesCompleted.IsCompleted && !stoppingToken.IsCancellationRequested)
        {
            await AwaitFinalHeartbeats(_engine, stoppingToken).ConfigureAwait(false);
        }

        Lifetime.StopApplication();
    }

    // A file read in less than a heartbeat interval would end without any heartbeat after its last frame, and a
    // subscriber (or a replay of the journal) could not tell a lost tail. Every stream sends one per interval, busy
    // or idle: waiting for one more per stream, at most two intervals, puts the last sequence on the wire and in
    // the journal.
    private async Task AwaitFinalHeartbeats(FeedEngine engine, CancellationToken stoppingToken)
    {
        var wanted = engine.Counters.Heartbeats + engine.Sources.Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = 2 * run.Options.HeartbeatInterval;
        try
        {
            while (engine.Counters.Heartbeats < wanted && clock.Elapsed < limit)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // A signal: stop now.
        }
    }

    // Before any source starts: finite data published before a subscriber listens would be gone for good. False
    // when the wait timed out with no data subscription at all (nothing could be delivered) or was stopped.
    private async Task<bool> WaitForSubscribers(FeedEngine engine, CancellationToken stoppingToken)
    {
        if (run.WaitSubscribers <= 0)
        {
            return true;
        }

        LogWaiting(logger, run.WaitSubscribers, engine.Endpoint, run.WaitTimeout);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // The publisher reads subscriptions while idle, about every heartbeat interval / 4.
            while (engine.Counters.DataSubscriptions < run.WaitSubscribers && clock.Elapsed < run.WaitTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var live = engine.Counters.DataSubscriptions;
        if (live >= run.WaitSubscribers)
        {
            LogSubscribersArrived(logger, live, clock.Elapsed.TotalSeconds);
            return true;
        }

        if (live > 0)
        {
            LogWaitTimedOut(logger, run.WaitTimeout, live);
            return true;
        }

        LogNobodyCame(logger, run.WaitTimeout);
        run.ExitCode = 1;
        return false;
    }

    private HealthReport Health()
    {
        var engine = _engine!;
        var age = engine.LastTickAge;
        var alive = engine.IsAlive;
        return new HealthReport(alive && age < run.Options.HealthStaleAfter, new Dictionary<string, object>
        {
            ["feedAlive"] = alive,
            ["lastTickAgeSeconds"] = Math.Round(age.TotalSeconds, 3),
            ["staleAfterSeconds"] = run.Options.HealthStaleAfter.TotalSeconds,
            ["ringFill"] = engine.RingFill,
            ["subscriptions"] = engine.Counters.Subscriptions,
        });
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _monitoring?.Dispose();
        _metrics?.Dispose();
        if (_engine is not null)
        {
            var drained = _engine.Stop();
            foreach (var source in _engine.Sources)
            {
                LogSource(logger, source.Counters);
                (source as IDisposable)?.Dispose();
            }

            LogFinal(logger, _engine.Counters);
            var published = _engine.Counters.Published;
            _engine.Dispose();
            if (!drained)
            {
                run.ExitCode = 1;
            }

            // Every socket is closed: wait, within the linger, until what the publisher queued is written.
            if (published > 0 && NetMQFlush.Run(run.Options.DrainTimeout, out var took) is { } written)
            {
                var delivered = written && _subscribersCaughtUp != false;
                if (_engine.Counters.DataSubscriptions == 0)
                {
                    LogNoSubscriber(logger, published);
                }
                else if (delivered)
                {
                    LogDelivered(logger, published, _engine.Counters.DataSubscriptions, took.TotalSeconds);
                }
                else
                {
                    LogNotDelivered(logger, run.Options.DrainTimeout, published);
                    run.ExitCode = 1;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Counters: {Counters}; ring backlog {Backlog}")]
    private static partial void LogCounters(ILogger logger, string counters, long backlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics at {Url}metrics, health at {Url}health")]
    private static partial void LogMonitoring(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Counters}")]
    private static partial void LogSource(ILogger logger, TickStream.Sources.SourceCounters counters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Final counters: {Counters}")]
    private static partial void LogFinal(ILogger logger, FeedCounters counters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for {Wanted} data subscription(s) on {Endpoint} before the sources start, at most {Timeout}")]
    private static partial void LogWaiting(ILogger logger, int wanted, string endpoint, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Live} data subscription(s) after {Seconds:0.000} s: starting the sources")]
    private static partial void LogSubscribersArrived(ILogger logger, long live, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The wait for subscribers timed out after {Timeout}: starting the sources with {Live} data subscription(s)")]
    private static partial void LogWaitTimedOut(ILogger logger, TimeSpan timeout, long live);

    [LoggerMessage(Level = LogLevel.Error, Message = "No subscriber came within {Timeout}: the sources were not read, nothing was published")]
    private static partial void LogNobodyCame(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Published} frames published with no data subscription live at the end: delivered to nobody but the journal, if any")]
    private static partial void LogNoSubscriber(ILogger logger, long published);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered: all {Published} frames published reached the connections of {Live} data subscription(s); NetMQ closed in {Seconds:0.000} s")]
    private static partial void LogDelivered(ILogger logger, long published, long live, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "NOT delivered: the {Linger} drain timeout passed with frames still queued for a subscriber (ZeroMQ does not say how many, at most {Published} frames); they are lost")]
    private static partial void LogNotDelivered(ILogger logger, TimeSpan linger, long published);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot publish on {Endpoint}: {Reason}")]
    private static partial void LogBindFailed(ILogger logger, string endpoint, string reason);
}
