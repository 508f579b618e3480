using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TickStream.Testing;

/// <summary>A logger that keeps every formatted line, for tests that check what a component logged (from any thread).</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lines logged so far, in order.</summary>
    public List<string> Lines => [.. _lines];

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _lines.Enqueue(formatter(state, exception));
    }
}
