using System.ComponentModel;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Core.Tests.Fakes;

/// <summary>Options of <see cref="LinesReader"/>.</summary>
public sealed class LinesReaderOptions
{
    [Description("Lines starting with this are reported as bad records.")]
    public string BadPrefix { get; set; } = "BAD";
}

/// <summary>One document per line; "BAD…" lines are bad records; a "THROW" line fails the shard.</summary>
[Component("test.lines_reader_v1", "test reader: one document per line")]
public sealed class LinesReader(LinesReaderOptions options) : IDocumentReader
{
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var record = 0L;
        foreach (var line in File.ReadLines(input.FullPath))
        {
            var where = new Provenance(input.RelativePath, record);
            if (line == "THROW") throw new IOException($"disk error in {input.RelativePath}");
            yield return line.StartsWith(options.BadPrefix, StringComparison.Ordinal)
                ? ReadResult.Failed(where, "bad_line", line)
                : new Document { Id = $"{input.RelativePath}#{record}", Text = line, Provenance = where };
            record++;
        }
    }
}

/// <summary>Options of <see cref="DropWordStage"/>.</summary>
public sealed class DropWordOptions
{
    [Description("Documents containing this word are dropped.")]
    public string Word { get; set; } = "spam";

    [Description("A number option, to test typed binding.")]
    public int MinLength { get; set; }

    [Description("Mode, to test enum binding.")]
    public DropMode Mode { get; set; } = DropMode.Contains;
}

/// <summary>How <see cref="DropWordStage"/> matches.</summary>
public enum DropMode
{
    /// <summary>Substring.</summary>
    Contains,
    /// <summary>Whole text.</summary>
    WholeText,
}

/// <summary>Drops documents with a word; throws on "EXPLODE"; records the length as an attribute.</summary>
[Component("test.drop_word_v1", "test stage: drops documents containing a word")]
public sealed class DropWordStage(DropWordOptions options) : DocumentFilter
{
    protected override FilterDecision Decide(Document document)
    {
        if (document.Text.Contains("EXPLODE", StringComparison.Ordinal)) throw new InvalidOperationException("boom");
        document.Attributes["test.length"] = (long)document.Text.Length;
        if (document.Text.Length < options.MinLength) return FilterDecision.Drop("too_short");
        var hit = options.Mode == DropMode.Contains ? document.Text.Contains(options.Word, StringComparison.Ordinal) : document.Text == options.Word;
        return hit ? FilterDecision.Drop("contains_word", options.Word) : FilterDecision.Keep;
    }
}

/// <summary>Upper-cases text (a Replace stage), slowly and unevenly, so parallel workers finish out of order.</summary>
[Component("test.upper_v1", "test stage: upper-cases text")]
public sealed class UpperStage(UpperOptions options) : IDocumentStage
{
    public StageResult Process(Document document)
    {
        if (options.Jitter) Thread.SpinWait((document.Text.GetHashCode() & 0x3FF) * 50);
        return StageResult.Replace(document.WithText(document.Text.ToUpperInvariant()));
    }
}

/// <summary>Options of <see cref="UpperStage"/>.</summary>
public sealed class UpperOptions
{
    [Description("Spin a text-dependent time, so parallel workers finish out of order.")]
    public bool Jitter { get; set; } = true;
}

/// <summary>Numbers documents in arrival order: only correct when the engine keeps order for sequential stages.</summary>
[Component("test.sequence_v1", "test stage: numbers documents in order", Sequential = true)]
public sealed class SequenceStage(EmptyOptions options) : IDocumentStage
{
    private long _next;
    private readonly EmptyOptions _options = options;

    public StageResult Process(Document document)
    {
        document.Attributes["test.sequence"] = _next++;
        return StageResult.Keep;
    }
}

/// <summary>No options.</summary>
public sealed class EmptyOptions;

/// <summary>Writes "id\ttext\tattributes" lines to {base}.txt, published atomically.</summary>
[Component("test.text_writer_v1", "test writer: id and text per line")]
public sealed class TextWriter(EmptyOptions options) : IDocumentWriter
{
    private readonly EmptyOptions _options = options;

    public IShardWriter Open(OutputTarget target) => new Shard(target);

    private sealed class Shard(OutputTarget target) : IShardWriter
    {
        private readonly AtomicFile _file = AtomicFile.Create(Path.Combine(target.Directory, target.BaseName + ".txt"));

        public void Write(Document document)
        {
            var attributes = document.HasAttributes ? DocumentJson.MapToJson(document.Attributes) : "{}";
            _file.Stream.Write(Encoding.UTF8.GetBytes($"{document.Id}\t{document.Text}\t{attributes}\n"));
        }

        public IReadOnlyList<string> Commit()
        {
            _file.Commit();
            return [_file.FinalPath];
        }

        public void Abort() => _file.Abort();

        public void Dispose() => _file.Dispose();
    }
}

/// <summary>Options of <see cref="KillSwitchStage"/>.</summary>
public sealed class KillSwitchOptions
{
    [Description("Name of the cancellation source (see KillSwitchStage.Sources) to cancel when a document starting with this text passes.")]
    public string Trigger { get; set; } = "";
}

/// <summary>Simulates a killed run: cancels the run's token when a given document passes.</summary>
[Component("test.kill_switch_v1", "test stage: cancels the run at a given document")]
public sealed class KillSwitchStage(KillSwitchOptions options) : IDocumentStage
{
    /// <summary>Cancellation sources by trigger text, registered by tests.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource> Sources = new();

    public StageResult Process(Document document)
    {
        if (document.Text.StartsWith(options.Trigger, StringComparison.Ordinal) && Sources.TryGetValue(options.Trigger, out var source)) source.Cancel();
        return StageResult.Keep;
    }
}
