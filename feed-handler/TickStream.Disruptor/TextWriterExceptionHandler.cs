using System.Globalization;

namespace TickStream.Disruptor;

/// <summary>The default <see cref="IExceptionHandler"/>: one line per exception on a <see cref="TextWriter"/>
/// (standard error unless told otherwise).</summary>
public sealed class TextWriterExceptionHandler : IExceptionHandler
{
    private readonly TextWriter _writer;

    /// <summary>Creates a handler writing to <paramref name="writer"/>, or to standard error when null.</summary>
    /// <param name="writer">Where the lines go.</param>
    public TextWriterExceptionHandler(TextWriter? writer = null)
    {
        _writer = writer is null ? Console.Error : TextWriter.Synchronized(writer);
    }

    /// <inheritdoc />
    public void HandleEventException(Exception exception, long sequence, string handlerName)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ring: handler {handlerName} threw at sequence {sequence}: {exception.GetType().Name}: {exception.Message}"));
    }

    /// <inheritdoc />
    public void HandleLifecycleException(Exception exception, string handlerName)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ring: handler {handlerName} threw outside an event: {exception.GetType().Name}: {exception.Message}"));
    }
}
