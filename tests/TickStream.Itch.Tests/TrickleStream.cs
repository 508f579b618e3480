namespace TickStream.Itch.Tests;

/// <summary>A non-seekable stream that returns at most a few bytes per read, so messages straddle every refill.</summary>
internal sealed class TrickleStream(byte[] data, int maxChunk) : Stream
{
    private int _position;
    private int _reads;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        // Vary the chunk so every split point inside a frame is exercised.
        var chunk = Math.Min(Math.Min(count, (_reads++ % maxChunk) + 1), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, chunk);
        _position += chunk;
        return chunk;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
