using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TickStream.Cli.Hosting;

/// <summary>
/// The host of every long-running verb: configuration from appsettings.json (beside the program, then in the
/// working directory, then <c>--config</c>), then TICKSTREAM_ environment variables, then the command line;
/// structured console logs; SIGINT and SIGTERM stop it gracefully.
/// </summary>
internal static class CliHost
{
    public static HostApplicationBuilder CreateBuilder(string? configFile, IDictionary<string, string?> commandLine, bool jsonLogs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration.AddEnvironmentVariables("TICKSTREAM_").AddInMemoryCollection(commandLine);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (jsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(30);

            // A failed service stops the host; its command then exits non-zero with one plain line (CliFailure).
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        return builder;
    }

    /// <summary>False with a plain reason when a <c>--config</c> file was given and cannot be read.</summary>
    public static bool TryCheckConfigFile(string? configFile, out string? error)
    {
        error = configFile is null || File.Exists(configFile)
            ? null
            : $"--config: the file '{configFile}' does not exist: give the path of a JSON configuration file (docs/OPERATIONS.md)";
        return error is null;
    }

    /// <summary>
    /// Runs the host until it stops; returns what made it fail (a hosted service that failed to start or stop),
    /// for <see cref="CliFailure"/>, or null.
    /// </summary>
    public static async Task<Exception?> RunAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // Reported by the command in one line, with the exit code that fits.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
