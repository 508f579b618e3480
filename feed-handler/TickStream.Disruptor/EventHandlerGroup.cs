namespace TickStream.Disruptor;

/// <summary>
/// Processors added together to a <see cref="RingPipeline{T}"/>: they run in parallel, and handlers added with
/// <see cref="Then{THandler}"/> wait for all of them.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
public sealed class EventHandlerGroup<T>
    where T : struct
{
    private readonly RingPipeline<T> _pipeline;
    private readonly Sequence[] _dependencies;
    private readonly IEventProcessor[] _processors;

    internal EventHandlerGroup(RingPipeline<T> pipeline, Sequence[] dependencies, IEventProcessor[] processors)
    {
        _pipeline = pipeline;
        _dependencies = dependencies;
        _processors = processors;
    }

    /// <summary>The processors of this group, in the order they were added.</summary>
    public IReadOnlyList<IEventProcessor> Processors => _processors;

    /// <summary>Adds a processor for <paramref name="handler"/> that sees each event only after every processor
    /// of this group has handled it.</summary>
    /// <typeparam name="THandler">The handler type, a struct.</typeparam>
    /// <param name="handler">The handler value (copied into its processor).</param>
    /// <returns>A group holding just the new processor.</returns>
    public EventHandlerGroup<T> Then<THandler>(THandler handler)
        where THandler : struct, IEventHandler<T>
    {
        var sequences = new Sequence[_processors.Length];
        for (int i = 0; i < sequences.Length; i++)
        {
            sequences[i] = _processors[i].Sequence;
        }

        var processor = _pipeline.AddProcessor(sequences, handler);
        return new EventHandlerGroup<T>(_pipeline, sequences, [processor]);
    }

    /// <summary>Adds a processor for <paramref name="handler"/> in parallel with this group: it waits on what this
    /// group waits on.</summary>
    /// <typeparam name="THandler">The handler type, a struct.</typeparam>
    /// <param name="handler">The handler value (copied into its processor).</param>
    /// <returns>A group holding this group's processors and the new one.</returns>
    public EventHandlerGroup<T> And<THandler>(THandler handler)
        where THandler : struct, IEventHandler<T>
    {
        var processor = _pipeline.AddProcessor(_dependencies, handler);
        return new EventHandlerGroup<T>(_pipeline, _dependencies, [.. _processors, processor]);
    }
}
