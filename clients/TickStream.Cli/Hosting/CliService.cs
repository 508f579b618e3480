using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TickStream.Cli.Hosting;

/// <summary>
/// A verb's hosted service whose failure is kept for the command instead of becoming the host's
/// "BackgroundService failed" trace and an exit code 0: the command says it in one line and exits non-zero
/// (<see cref="CliFailure"/>).
/// </summary>
internal abstract partial class CliService(IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    /// <summary>The host's lifetime, to stop the application when the run ends.</summary>
    protected IHostApplicationLifetime Lifetime { get; } = lifetime;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure is reported by the command, once, in plain words.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
            OnFailure(e);
            Lifetime.StopApplication();
        }
    }

    /// <summary>The service's work, until the run ends or <paramref name="stoppingToken"/>.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    /// <summary>Hands the failure to what the command reads.</summary>
    protected abstract void OnFailure(Exception failure);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
