using System.Runtime.InteropServices;

namespace TickStream.Recovery;

/// <summary>
/// Fixed-size blocks of one <see cref="StreamLog"/> (its data pages and its index chunks), outside the GC heap. At the
/// default window they are 128 MiB of 1 MiB pages and 24 MiB of 1.5 MiB chunks per stream: on the GC heap each would
/// be a large-object allocation on the appending thread (the gateway's proxy thread), zeroed, and counted towards a
/// gen2 collection that pauses every thread of the process. Native blocks are neither zeroed nor scanned, and the
/// collector never hears of them.
/// </summary>
/// <remarks>
/// Freed by the finalizer only, never explicitly: readers on other threads read the blocks without a lock, so the
/// blocks must live as long as anything can reach their log. Every method that reads or writes through a pointer
/// ends with <see cref="GC.KeepAlive"/> of its table, so the table (and its blocks) outlives the access.
/// </remarks>
internal sealed unsafe class NativeBlocks
{
    private readonly nint[] _blocks;
    private readonly nuint _blockBytes;

    /// <summary>Creates a table of <paramref name="count"/> blocks, none allocated yet.</summary>
    public NativeBlocks(int count, int blockBytes)
    {
        _blocks = new nint[count];
        _blockBytes = (nuint)blockBytes;
    }

    ~NativeBlocks()
    {
        foreach (var block in _blocks)
        {
            if (block != 0)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }

    public int Count => _blocks.Length;

    /// <summary>A block's start, or null when the ring has not reached it yet (readers).</summary>
    public byte* Get(int index) => (byte*)Volatile.Read(ref _blocks[index]);

    /// <summary>A block's start, allocated the first time the ring reaches it (the writer only).</summary>
    public byte* GetOrAdd(int index)
    {
        var block = _blocks[index];
        if (block == 0)
        {
            block = (nint)NativeMemory.Alloc(_blockBytes);
            Volatile.Write(ref _blocks[index], block);
        }

        return (byte*)block;
    }
}
