using System.Net;
using TickStream.Journal;

namespace TickStream.Cli.Hosting;

/// <summary>
/// The one place where a failure that reached a verb becomes what an operator reads: one plain line naming the
/// problem and what to do, and an exit code (2: bad arguments or configuration; 1: a failure while running).
/// The stack trace follows only at debug log level (TICKSTREAM_Logging__LogLevel__Default=Debug).
/// </summary>
internal static class CliFailure
{
    /// <summary>Exit code: the verb did its job.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: a failure while running.</summary>
    public const int Failed = 1;

    /// <summary>Exit code: bad arguments or configuration (including an address or journal another process holds).</summary>
    public const int Usage = 2;

    /// <summary>Whether traces are wanted: the configured default log level is Debug or Trace.</summary>
    public static bool Debug
    {
        get
        {
            var level = Environment.GetEnvironmentVariable("TICKSTREAM_Logging__LogLevel__Default");
            return string.Equals(level, "Debug", StringComparison.OrdinalIgnoreCase) || string.Equals(level, "Trace", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The exit code and the plain line for an exception.</summary>
    public static (int Code, string Message) Describe(Exception exception)
    {
        var e = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return e switch
        {
            NetMQ.AddressAlreadyInUseException => (Usage, "the address is already in use: stop the process that holds it or choose another port"),
            NetMQ.EndpointNotFoundException => (Usage, $"an endpoint was not found: {e.Message}"),
            NetMQ.NetMQException => (Failed, $"ZeroMQ: {Plain(e)}"),
            HttpListenerException http when http.ErrorCode is 98 or 48 or 10048 || http.Message.Contains("in use", StringComparison.OrdinalIgnoreCase)
                => (Usage, "the --metrics-port is already in use: choose another port, or 0 for a free one"),
            HttpListenerException => (Usage, $"cannot serve /metrics: {e.Message}"),
            JournalException => (Usage, $"journal: {e.Message}"),
            FileNotFoundException file => (Usage, $"file not found: {file.FileName ?? e.Message}"),
            DirectoryNotFoundException => (Usage, Plain(e)),
            UnauthorizedAccessException => (Usage, $"permission denied: {e.Message}"),
            InvalidDataException or FormatException => (Usage, Plain(e)),
            ArgumentException => (Usage, Plain(e)),
            IOException => (Failed, $"I/O: {e.Message}"),
            _ => (Failed, $"{Plain(e)} (set TICKSTREAM_Logging__LogLevel__Default=Debug for details)"),
        };
    }

    /// <summary>Writes the line (and the trace at debug level) and returns the exit code.</summary>
    /// <param name="verb">The verb that failed.</param>
    /// <param name="exception">What failed.</param>
    /// <param name="error">Where the line goes.</param>
    /// <param name="where">What the failure concerns (e.g. <c>--pub tcp://*:5557</c>), put before the message; none when null.</param>
    public static int Report(string verb, Exception exception, TextWriter error, string? where = null)
    {
        var (code, message) = Describe(exception);
        error.WriteLine($"{Prefix(verb)}{(where is null ? string.Empty : where + ": ")}{message}");
        if (Debug)
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    /// <summary>Writes a usage error and returns 2.</summary>
    public static int BadUsage(string verb, string message, TextWriter error)
    {
        error.WriteLine($"{Prefix(verb)}{message}");
        return Usage;
    }

    /// <summary>Writes a failure of the run (the verb could not do its job) and returns 1.</summary>
    public static int RunFailed(string verb, string message, TextWriter error)
    {
        error.WriteLine($"{Prefix(verb)}{message}");
        return 1;
    }

    private static string Prefix(string verb) => verb.Length == 0 ? "tickstream: " : $"tickstream {verb}: ";

    /// <summary>An exception's message without the parameter name .NET appends to argument exceptions.</summary>
    public static string Plain(Exception e) =>
        e is ArgumentException { ParamName: { } name } && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? e.Message[..^$" (Parameter '{name}')".Length]
            : e.Message;
}
