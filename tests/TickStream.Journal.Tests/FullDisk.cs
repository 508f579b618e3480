namespace TickStream.Journal.Tests;

/// <summary>
/// A <see cref="JournalFileOpener"/> whose files fail like a full disk while <see cref="Full"/> is set: a write puts
/// the first half of its bytes in the file, then throws the IOException .NET raises for ENOSPC (HResult 28).
/// </summary>
internal sealed class FullDisk
{
    public const int Enospc = 28;

    public volatile bool Full;

    public int FailedWrites;

    public JournalFileOpener Opener => (path, mode) =>
    {
        if (Full && mode != FileMode.Open)
        {
            Interlocked.Increment(ref FailedWrites);
            throw DiskFull();
        }

        return new FailingStream(new FileStream(path, mode, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0), this);
    };

    public static IOException DiskFull() => new("No space left on device", Enospc);

    private sealed class FailingStream(FileStream inner, FullDisk disk) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
            Fail();
            inner.Flush(flushToDisk: true);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (disk.Full)
            {
                // What a nearly full disk does: part of the write lands, then ENOSPC.
                inner.Write(buffer[..(buffer.Length / 2)]);
            }

            Fail();
            inner.Write(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Fail()
        {
            if (disk.Full)
            {
                Interlocked.Increment(ref disk.FailedWrites);
                throw DiskFull();
            }
        }
    }
}
