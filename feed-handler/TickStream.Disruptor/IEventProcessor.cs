namespace TickStream.Disruptor;

/// <summary>A consumer of a ring running on its own thread; see <see cref="BatchEventProcessor{T, THandler}"/>.</summary>
public interface IEventProcessor
{
    /// <summary>The last sequence this processor has finished with; downstream processors and the producer wait
    /// on it.</summary>
    Sequence Sequence { get; }

    /// <summary>Whether <see cref="Run"/> is executing.</summary>
    bool IsRunning { get; }

    /// <summary>How many exceptions its handler threw (each one logged through the exception handler).</summary>
    long ExceptionCount { get; }

    /// <summary>The handler's type name, for thread names and logs.</summary>
    string Name { get; }

    /// <summary>Processes events until <see cref="Halt"/>; call on a dedicated thread.</summary>
    void Run();

    /// <summary>Asks <see cref="Run"/> to return at its next wait (events not yet available are not waited for).</summary>
    void Halt();
}
