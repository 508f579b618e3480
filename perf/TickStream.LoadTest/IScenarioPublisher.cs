namespace TickStream.LoadTest;

/// <summary>The publishing side of one scenario, run in the harness process.</summary>
internal interface IScenarioPublisher : IDisposable
{
    /// <summary>The bound tcp endpoint subscribers connect to.</summary>
    string Endpoint { get; }

    /// <summary>Ticks handed to the socket that every subscriber should receive.</summary>
    long Sent { get; }

    /// <summary>Completes when the source has produced its last tick (a tick count was given) or was stopped.</summary>
    Task Completed { get; }

    /// <summary>Polls for subscriptions; true once <paramref name="subscribers"/> subscribers are known.</summary>
    bool SubscribersReady(int subscribers);

    /// <summary>Ticks generated but not yet handed to the socket (the ring's backlog; 0 without a ring).</summary>
    long Backlog { get; }

    /// <summary>Starts the source.</summary>
    void Start();

    /// <summary>Stops the source if it still runs and closes the socket, lingering so queued messages go out.</summary>
    void Stop();
}
