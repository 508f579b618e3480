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
    : BackgroundService
{
    private FeedEngine? _engine;
    private FeedMetrics? _metrics;
    private MonitoringEndpoint? _monitoring;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _engine = new FeedEngine(run.Options, run.Sources, run.Registry, logger);
        try
        {
            _engine.Start();
        }
        catch (NetMQ.NetMQException e)
        {
            LogBindFailed(logger, run.Options.Publish, e is NetMQ.AddressAlreadyInUseException ? "the address is already in use" : e.Message);
            run.ExitCode = 2;
            lifetime.StopApplication();
            return;
        }

        if (run.Options.MetricsPort is { } port)
        {
            _metrics = new FeedMetrics(_engine);
            _monitoring = new MonitoringEndpoint(port, Health);
            LogMonitoring(logger, _monitoring.Url);
        }

        using var timer = new PeriodicTimer(run.StatsInterval);
        var deadline = run.Duration is { } d ? DateTime.UtcNow + d : DateTime.MaxValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested && !_engine.SourcesCompleted.IsCompleted && DateTime.UtcNow < deadline)
            {
                var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                await Task.WhenAny(tick, _engine.SourcesCompleted).ConfigureAwait(false);
                if (tick.IsCompletedSuccessfully)
                {
                    LogCounters(logger, _engine.Counters, _engine.RingBacklog);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A signal: StopAsync drains.
        }

        lifetime.StopApplication();
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
            _engine.Dispose();
            if (!drained)
            {
                run.ExitCode = 1;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Counters: {Counters}; ring backlog {Backlog}")]
    private static partial void LogCounters(ILogger logger, FeedCounters counters, long backlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics at {Url}metrics, health at {Url}health")]
    private static partial void LogMonitoring(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Counters}")]
    private static partial void LogSource(ILogger logger, TickStream.Sources.SourceCounters counters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Final counters: {Counters}")]
    private static partial void LogFinal(ILogger logger, FeedCounters counters);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot publish on {Endpoint}: {Reason}")]
    private static partial void LogBindFailed(ILogger logger, string endpoint, string reason);
}
