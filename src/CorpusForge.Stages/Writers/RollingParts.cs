using CorpusForge.Core.IO;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Writers;

/// <summary>The part files of one output shard, named <c>{base}.{part:D5}.{extension}</c>, rolled by record count or
/// size and kept temporary until they are all committed together, or aborted.</summary>
internal sealed class RollingParts(OutputTarget target, string extension, long maxRecords, long maxBytes)
{
    private readonly List<AtomicFile> _closed = [];
    private bool _finished;
    private long _records;
    private long _bytes;

    /// <summary>The part being written, or null between parts.</summary>
    public AtomicFile? Current { get; private set; }

    /// <summary>True when the current part has reached a limit, so the next document starts a new part.</summary>
    public bool IsFull => Current is not null &&
        ((maxRecords > 0 && _records >= maxRecords) || (maxBytes > 0 && _bytes >= maxBytes));

    /// <summary>Throws once the shard was committed or aborted.</summary>
    public void ThrowIfFinished()
    {
        if (_finished) throw new InvalidOperationException($"the output of {target.BaseName} was already committed or aborted");
    }

    /// <summary>Starts the next part.</summary>
    public AtomicFile Open()
    {
        Current = AtomicFile.Create(Path.Combine(target.Directory, $"{target.BaseName}.{_closed.Count:D5}.{extension}"));
        _records = 0;
        _bytes = 0;
        return Current;
    }

    /// <summary>Counts one document of <paramref name="bytes"/> (the measure the size limit is in) in the current part.</summary>
    public void Add(long bytes)
    {
        _records++;
        _bytes += bytes;
    }

    /// <summary>Sets the finished current part aside; it stays temporary until <see cref="Commit"/>.</summary>
    public void Close()
    {
        _closed.Add(Current!);
        Current = null;
    }

    /// <summary>Publishes every closed part; the caller closes the current one first.</summary>
    public IReadOnlyList<string> Commit()
    {
        ThrowIfFinished();
        _finished = true;
        foreach (var part in _closed) part.Commit();
        return _closed.Select(p => p.FinalPath).ToList();
    }

    /// <summary>Throws every part away (once); <paramref name="discardCurrent"/> releases the format's hold on the
    /// current part first.</summary>
    public void Abort(Action discardCurrent)
    {
        if (_finished) return;
        _finished = true;
        try
        {
            discardCurrent();
        }
        catch (IOException)
        {
            // The part is being thrown away; a failure to finish its compressed frame or footer does not matter.
        }

        foreach (var part in _closed) part.Abort();
        Current?.Abort();
    }
}
