using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TickStream.Cli.Hosting;
using TickStream.Gateway;
using TickStream.Monitoring;

namespace TickStream.Cli.Gateway;

/// <summary>Runs a gateway as a hosted service: counters logged periodically, a clean stop on SIGINT/SIGTERM.</summary>
internal sealed partial class GatewayService(GatewayRun run, IHostApplicationLifetime lifetime, ILogger<GatewayService> logger)
    : CliService(lifetime, logger)
{
    private GatewayEngine? _engine;
    private GatewayMetrics? _metrics;
    private MonitoringEndpoint? _monitoring;

    protected override void OnFailure(Exception failure) => run.Failure = failure;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _engine = new GatewayEngine(run.Options, logger);
        try
        {
            _engine.Start();
        }
        catch (NetMQ.NetMQException e)
        {
            LogBindFailed(logger, run.Options.Publish, run.Options.Request, e is NetMQ.AddressAlreadyInUseException ? "the address is already in use" : e.Message);
            run.ExitCode = 2;
            Lifetime.StopApplication();
            return;
        }

        if (run.MetricsPort is { } port)
        {
            _metrics = new GatewayMetrics(_engine);
            _monitoring = new MonitoringEndpoint(port, Health);
            LogMonitoring(logger, _monitoring.Url);
        }

        using var timer = new PeriodicTimer(run.StatsInterval);

        // --duration is exact: it cancels the wait for the next counters line.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (run.Duration is { } d && d > TimeSpan.Zero)
        {
            ended.CancelAfter(d);
        }

        try
        {
            while (await timer.WaitForNextTickAsync(ended.Token).ConfigureAwait(false))
            {
                LogCounters(logger, _engine.Counters, _engine.CachedSymbols);
            }
        }
        catch (OperationCanceledException)
        {
            // A signal: StopAsync closes the sockets.
        }

        Lifetime.StopApplication();
    }

    private HealthReport Health()
    {
        var age = _engine!.Counters.LastFrameInAge;
        return new HealthReport(age < run.HealthStaleAfter, new Dictionary<string, object>
        {
            ["upstreamConnected"] = age < run.HealthStaleAfter,
            ["lastUpstreamFrameAgeSeconds"] = Math.Round(age.TotalSeconds, 3),
            ["staleAfterSeconds"] = run.HealthStaleAfter.TotalSeconds,
            ["cachedSymbols"] = _engine.CachedSymbols,
        });
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _monitoring?.Dispose();
        _metrics?.Dispose();
        _engine?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Counters: {Counters}; cached symbols {Cached}")]
    private static partial void LogCounters(ILogger logger, GatewayCounters counters, int cached);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics at {Url}metrics, health at {Url}health")]
    private static partial void LogMonitoring(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot bind {Publish} / {Request}: {Reason}")]
    private static partial void LogBindFailed(ILogger logger, string publish, string request, string reason);
}
