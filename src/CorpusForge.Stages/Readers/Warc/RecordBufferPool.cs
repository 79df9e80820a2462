namespace CorpusForge.Stages.Readers.Warc;

/// <summary>Buffers that a <see cref="WarcRecordParser"/> lends out with its records, reused across batches (and the
/// segment output buffers of a <see cref="GzipMemberPrefetcher"/>): a handful are in use at a time (the batch being
/// framed and the one being converted; the segments in flight), so the pool keeps a few.</summary>
/// <remarks>Its own pool rather than <see cref="System.Buffers.ArrayPool{T}.Shared"/>: buffers are rented on the
/// reading thread and returned on conversion threads, which would spread them over the shared pool's per-thread and
/// per-core caches, where they stay until a full collection trims them (the threaded reader's working set grew to
/// several hundred MB that way).</remarks>
internal sealed class RecordBufferPool(int bufferBytes, int keep = 8)
{
    private readonly List<byte[]> _free = [];

    /// <summary>Smallest buffer handed out.</summary>
    public int BufferBytes { get; } = bufferBytes;

    /// <summary>A buffer of at least <paramref name="minimum"/> (and at least <see cref="BufferBytes"/>) bytes.</summary>
    public byte[] Rent(int minimum)
    {
        lock (_free)
        {
            for (var i = _free.Count - 1; i >= 0; i--)
            {
                if (_free[i].Length < minimum) continue;
                var buffer = _free[i];
                _free.RemoveAt(i);
                return buffer;
            }
        }

        // Uninitialised: the parser writes every byte it reads back.
        return GC.AllocateUninitializedArray<byte>(Math.Max(minimum, BufferBytes));
    }

    /// <summary>Takes a buffer back (nothing may read it any more). Buffers grown for an outsized record are left to
    /// the garbage collector, so that one huge record does not pin its size in the pool.</summary>
    public void Return(byte[] buffer)
    {
        if (buffer.Length < BufferBytes || buffer.Length > 2 * BufferBytes) return;
        lock (_free)
        {
            if (_free.Count < keep) _free.Add(buffer);
        }
    }
}
