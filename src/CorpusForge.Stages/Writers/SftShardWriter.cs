using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Writers;

/// <summary>Options of <see cref="SftShardWriter"/>: the base model's tokenizer (the chat tokens are added as the
/// trainer adds them) and which inputs are held out.</summary>
public sealed class SftShardWriterOptions : TokenizerSettings
{
    /// <summary>Inputs whose documents go to the validation split.</summary>
    [Description("names of the pipeline inputs whose documents form the validation split (the rest are train)")]
    public List<string> ValidationInputs { get; set; } = [];

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        // bytes: the byte-level tokenizer of byte models, which needs no vocabulary.
        var problems = base.Validate();
        if (Tokenizer == ByteCodec.Name) problems = problems.Where(p => !p.StartsWith("unknown tokenizer", StringComparison.Ordinal));
        foreach (var problem in problems) yield return problem;
        if (ValidationInputs.Any(string.IsNullOrEmpty)) yield return "validation_inputs must not contain empty names";
    }
}

/// <summary>Writes chat documents (from <c>reader.chat_v1</c>) as packed, masked SFT shards: each conversation
/// rendered by the trainer's <see cref="ChatTemplate"/> into token ids plus a loss mask (assistant content and its
/// <c>&lt;|end|&gt;</c> are targets), examples laid end to end (<see cref="SftShardFormat"/>). One shard per input
/// file, in <c>train/</c> or <c>validation/</c>; <c>finetune sft</c> reads them with
/// <c>finetune.data_format: sft_shards</c> and gives the same batches and loss as from the JSONL.</summary>
/// <remarks>A shard's examples are held in memory until it commits (about 5 bytes per token). A document that is not
/// SFT chat (no structure, a preference, or a text whose blank lines a stage changed) fails its input shard with the
/// document's location: the writer never guesses turns.</remarks>
[Component("writer.sft_shards_v1", "Packed, masked SFT shards (.sftbin): chat documents rendered with the trainer's chat template into token ids and a per-token loss mask")]
public sealed class SftShardWriter : IDocumentWriter
{
    /// <summary>Name of the template recorded in each shard.</summary>
    public const string TemplateName = "corpusforge.chat_v1";

    private readonly HashSet<string> _validationInputs;

    /// <summary>Creates the writer and the tokenizer with the chat tokens.</summary>
    public SftShardWriter(SftShardWriterOptions options, ComponentContext context)
    {
        Template = new ChatTemplate(TokenCodec.FromSettings(options, context.ResolvePath).WithSpecialTokens(ChatTemplate.SpecialTokens));
        _validationInputs = new HashSet<string>(options.ValidationInputs, StringComparer.Ordinal);
    }

    /// <summary>The chat template (and tokenizer) the shards are rendered with.</summary>
    public ChatTemplate Template { get; }

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) => new ShardWriter(this, target);

    private sealed class ShardWriter(SftShardWriter owner, OutputTarget target) : IShardWriter
    {
        private readonly List<SftShardExample> _train = [];
        private readonly List<SftShardExample> _validation = [];
        private readonly List<AtomicFile> _files = [];
        private bool _finished;

        public void Write(Document document)
        {
            var (ids, targets) = owner.Template.Render(ChatDocument.Messages(document));
            if (!targets.Any(t => t)) throw new InvalidDataException($"{document.Provenance} (document {document.Id}): no assistant message to train on");
            var split = document.Source is { } source && owner._validationInputs.Contains(source) ? _validation : _train;
            split.Add(new SftShardExample(document.Id.Replace('\n', ' '), ids, targets));
        }

        public IReadOnlyList<string> Commit()
        {
            if (_finished) throw new InvalidOperationException($"the output of {target.BaseName} was already committed or aborted");
            _finished = true;
            try
            {
                foreach (var (split, examples) in new[] { ("train", _train), ("validation", _validation) })
                {
                    if (examples.Count == 0) continue;
                    var file = AtomicFile.Create(Path.Combine(target.Directory, split, target.BaseName + SftShardFormat.Extension));
                    _files.Add(file);
                    SftShardFormat.Write(file.Stream, TemplateName, owner.Template.Codec.Identity, examples);
                }

                foreach (var file in _files) file.Commit();
            }
            catch
            {
                foreach (var file in _files) file.Abort();
                throw;
            }

            return [.. _files.Select(f => f.FinalPath)];
        }

        public void Abort()
        {
            if (_finished) return;
            _finished = true;
            foreach (var file in _files) file.Abort();
        }

        public void Dispose() => Abort();
    }
}
