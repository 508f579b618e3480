using System.Runtime.InteropServices;

namespace TickStream.RingPerf;

/// <summary>The 32-byte event every implementation moves: a counter, a publish timestamp and two payload words.</summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct PerfEvent
{
    public long Value;
    public long Stamp;
    public long PayloadA;
    public long PayloadB;
}
