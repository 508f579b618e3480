namespace TickStream.LoadTest;

/// <summary>Whether subscriber processes run with <c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0</c>.</summary>
internal enum SpinLimitMode
{
    /// <summary>The runtime's default spinning.</summary>
    Default,

    /// <summary>No thread-pool semaphore spinning.</summary>
    Zero,

    /// <summary>Every scenario twice, with and without.</summary>
    Both,
}
