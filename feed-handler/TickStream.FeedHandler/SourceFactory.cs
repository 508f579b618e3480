using TickStream.Replay;
using TickStream.Sources;

namespace TickStream.FeedHandler;

/// <summary>
/// Makes sources from their command-line form: <c>synthetic</c>, <c>csv:PATH</c>, <c>itch:PATH</c>,
/// <c>pull:ENDPOINT</c>, <c>journal:DIR</c>.
/// </summary>
public static class SourceFactory
{
    /// <summary>The forms a source may take, for help texts and error messages.</summary>
    public const string Forms = "synthetic | csv:PATH | itch:PATH | pull:ENDPOINT | journal:DIR";

    /// <summary>
    /// Whether a spec names a finite source, one that ends by itself (<c>csv:</c>, <c>itch:</c>, <c>journal:</c>):
    /// published before anyone subscribes, its data would be gone for good, so the feed waits for a subscriber
    /// first by default.
    /// </summary>
    /// <param name="spec">The source spec.</param>
    /// <returns>True for a file or journal source.</returns>
    public static bool IsFinite(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.StartsWith("csv:", StringComparison.Ordinal) || spec.StartsWith("itch:", StringComparison.Ordinal)
            || spec.StartsWith("journal:", StringComparison.Ordinal);
    }

    /// <summary>Creates the source a spec names, or says why it cannot.</summary>
    /// <param name="spec">The source spec, e.g. <c>csv:ticks.csv.gz</c>.</param>
    /// <param name="synthetic">Options for the synthetic market; its symbols also filter an ITCH file's stocks.</param>
    /// <param name="registry">The instrument registry shared by the feed handler's sources.</param>
    /// <param name="source">The source when the result is true.</param>
    /// <param name="error">Why not, when the result is false.</param>
    /// <returns>Whether a source was created.</returns>
    public static bool TryCreate(string spec, SyntheticMarketOptions synthetic, InstrumentRegistry registry,
        out ITickSource? source, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        source = null;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? spec : spec[..colon];
        var argument = colon < 0 ? "" : spec[(colon + 1)..];
        try
        {
            switch (kind)
            {
                case "synthetic" when argument.Length == 0:
                    synthetic.Validate();
                    source = new SyntheticMarket(synthetic, registry);
                    break;
                case "csv" when argument.Length > 0:
                    if (!File.Exists(argument))
                    {
                        error = $"source '{spec}': file '{argument}' does not exist";
                        return false;
                    }

                    source = new CsvTickFileSource(argument, registry);
                    break;
                case "itch" when argument.Length > 0:
                    if (!File.Exists(argument))
                    {
                        error = $"source '{spec}': file '{argument}' does not exist";
                        return false;
                    }

                    // --symbols picks the stocks whose books are built, as it picks the synthetic market's.
                    source = new ItchTickSource(argument, registry, new ItchTickSourceOptions { Symbols = synthetic.Symbols?.ToArray() });
                    break;
                case "pull" when argument.Length > 0:
                    source = new PullTickSource(new PullTickSourceOptions { Endpoint = argument }, registry);
                    break;
                case "journal" when argument.Length > 0:
                    source = new JournalTickSource(argument, registry);
                    break;
                default:
                    error = $"source '{spec}' is not one of: {Forms}";
                    return false;
            }
        }
#pragma warning disable CA1031 // Whatever a source's constructor rejects becomes the message for the user.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // An argument exception's message ends with the parameter's name, which means nothing to an operator.
            var message = e is ArgumentException { ParamName: { } name } && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
                ? e.Message[..^$" (Parameter '{name}')".Length]
                : e.Message;
            error = $"source '{spec}': {message}";
            return false;
        }

        error = null;
        return true;
    }
}
