using System.CommandLine;
using System.Text.RegularExpressions;
using TickStream.Cli.Commands;

namespace TickStream.Cli.Hosting;

/// <summary>
/// The program's entry: parses, runs the verb and turns what goes wrong into an exit code and a plain line. A
/// parse error is exit 2 (System.CommandLine's own is 1, with the whole help); an exception that escapes a verb
/// goes through <see cref="CliFailure"/>.
/// </summary>
internal static partial class CliEntry
{
    /// <summary>The root command with every verb.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("tickstream: real-time market data over ZeroMQ, in SBE frames. See docs/ in the repository. Exit codes: 0 the verb did its job, 1 a failure while running, 2 bad arguments or configuration (docs/OPERATIONS.md).");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Runs the program with <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Root().Parse(args);
        var verb = parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name;
        var prefix = verb.Length == 0 ? "tickstream: " : $"tickstream {verb}: ";
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(prefix + Plain(problem.Message)).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"See 'tickstream {verb}{(verb.Length > 0 ? " " : "")}--help'.").ConfigureAwait(false);
            return CliFailure.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            if (verb is "demo" or "watch" or "record")
            {
                // These verbs take SIGINT and SIGTERM themselves and finish with their summary; the pipeline's own
                // handling would end the process 2 s after the signal, cutting the summary off.
                configuration.ProcessTerminationTimeout = null;
            }

            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CliFailure.Failed;
        }
#pragma warning disable CA1031 // Whatever escapes a verb becomes one plain line and an exit code, not a trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return CliFailure.Report(verb.Length == 0 ? "" : verb, e, error);
        }
    }

    // System.CommandLine names the .NET type it could not convert to: say what was given and where instead.
    private static string Plain(string message)
    {
        var match = CannotParse().Match(message);
        var plain = match.Success ? $"'{match.Groups[1].Value}' is not a valid value for {match.Groups[2].Value}.{match.Groups[3].Value}" : message;
        return plain.ReplaceLineEndings(" ").Replace("? ", ": ", StringComparison.Ordinal).TrimEnd();
    }

    [GeneratedRegex("^Cannot parse argument '(.*?)' for (?:option|command|argument) '(.*?)' as expected type '[^']*'\\.(.*)$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
