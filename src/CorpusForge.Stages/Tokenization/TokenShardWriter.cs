using System.Buffers.Binary;
using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Tokens;
using K4os.Hash.xxHash;

namespace CorpusForge.Stages.Tokenization;

/// <summary>Options of <see cref="TokenShardWriter"/>: the tokenizer, the layouts, and how shards are cut, split and shuffled.</summary>
public sealed class TokenShardWriterOptions : TokenizerSettings
{
    /// <summary>Layouts to write.</summary>
    [Description("layouts to write: llmc (llm.c .bin) and/or megatron (Megatron-LM .bin + .idx)")]
    public List<string> Layouts { get; set; } = ["llmc", "megatron"];

    /// <summary>Target tokens per output shard.</summary>
    [Description("target tokens per output shard (documents are never split; at most 2^31-1)")]
    public long ShardTokens { get; set; } = 100_000_000;

    /// <summary>Share of documents, chosen by a hash of the document id, that go to the validation split.</summary>
    [Description("share of documents (by id hash) in the validation split, 0 to 0.5")]
    public double ValidationFraction { get; set; } = 0.01;

    /// <summary>Shuffle documents globally.</summary>
    [Description("shuffle documents globally (order by a seeded hash of the document id)")]
    public bool Shuffle { get; set; } = true;

    /// <summary>Seed of the shuffle.</summary>
    [Description("seed of the global shuffle")]
    public long Seed { get; set; } = 1234;

    /// <summary>Documents tokenized together in parallel.</summary>
    [Description("documents tokenized together, in parallel across the run's workers")]
    public int BatchDocuments { get; set; } = 256;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Layouts.Count == 0) yield return "layouts must name at least one of llmc, megatron";
        foreach (var layout in Layouts.Where(l => l is not ("llmc" or "megatron"))) yield return $"unknown layout '{layout}' (valid: llmc, megatron)";
        if (ShardTokens is < 1 or > LlmcShardFormat.MaxTokens) yield return $"shard_tokens must be between 1 and {LlmcShardFormat.MaxTokens}";
        if (ValidationFraction is < 0 or > 0.5 || double.IsNaN(ValidationFraction)) yield return "validation_fraction must be between 0 and 0.5";
        if (BatchDocuments < 1) yield return "batch_documents must be at least 1";
    }

    internal TokenLayouts LayoutFlags => Layouts.Aggregate(TokenLayouts.None, (all, l) => all | (l == "llmc" ? TokenLayouts.Llmc : TokenLayouts.Megatron));
}

/// <summary>Tokenizes documents (end-of-text appended) and packs them into token shards in the llm.c and Megatron-LM
/// layouts, with lineage files, a train/validation split by id hash, a seeded global shuffle and a manifest.</summary>
/// <remarks>
/// Two steps keep the engine's resume guarantee. (1) Per input shard, the documents are tokenized into a part
/// (<c>parts/TOKENIZER/llmc/KEY.bin</c> + <c>parts/TOKENIZER/index/KEY.docs.jsonl</c>, TOKENIZER a hash of the
/// tokenizer's identity), published atomically with the shard's other outputs,
/// so a killed run leaves only whole parts of committed shards and a rerun adds the missing ones. (2) When the run
/// closes, every part present is assembled into the final shards: each document's split and position come only from
/// a hash of its id and the seed, so the result depends on the set of documents, never on the order or the number of
/// runs. The assembly writes to <c>.assembling/</c>, removes the old manifest, swaps the shard folders in, then writes
/// the new manifest last: a folder with a manifest always matches it. Memory is about 48 bytes per document.
/// </remarks>
[Component("writer.token_shards_v1", "Tokenize documents and pack them into llm.c and Megatron-LM token shards with lineage and a manifest")]
public sealed class TokenShardWriter : IDocumentWriter, IStageLifecycle
{
    private const string PartsFolder = "parts";
    private const string StagingFolder = ".assembling";
    private readonly TokenShardWriterOptions _options;
    private readonly ComponentContext _context;
    private readonly TextTokenizer _tokenizer;
    private readonly TokenDType _dtype;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    // Parts live under a folder named after the tokenizer's identity, so parts made with another vocabulary, end-of-text
    // token or special-token policy are never mixed into the shards.
    private readonly string _partsFolder;

    /// <summary>Creates the writer and its tokenizer.</summary>
    public TokenShardWriter(TokenShardWriterOptions options, ComponentContext context)
    {
        _options = options;
        _context = context;
        _tokenizer = TokenizerFactory.Create(options, context.ResolvePath);
        _dtype = TokenDTypes.ForVocabulary(_tokenizer.VocabSize);
        var identity = _tokenizer.Identity;
        _partsFolder = Path.Combine(PartsFolder, Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes($"{identity.VocabHash}|{identity.EosToken}|{identity.SpecialTokenText}")))[..16]);
    }

    /// <summary>The tokenizer in use.</summary>
    public TextTokenizer Tokenizer => _tokenizer;

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target)
    {
        lock (_directories)
        {
            if (_directories.Add(target.Directory)) RememberDirectory(target.Directory);
        }

        return new PartWriter(this, new TokenShardFileWriter(Path.Combine(target.Directory, _partsFolder), target.BaseName, _dtype, TokenLayouts.Llmc));
    }

    /// <inheritdoc />
    public void Open()
    {
    }

    /// <summary>Assembles the final shards of every output folder this writer has written parts to.</summary>
    public void Close()
    {
        foreach (var directory in KnownDirectories()) Assemble(directory);
    }

    /// <summary>Builds (or confirms current) the final shards and manifest of <paramref name="directory"/> from its parts.</summary>
    public TokenShardManifest Assemble(string directory)
    {
        var parts = Directory.Exists(Path.Combine(directory, _partsFolder, "index"))
            ? Directory.GetFiles(Path.Combine(directory, _partsFolder, "index"), "*.docs.jsonl").Order(StringComparer.Ordinal).ToArray()
            : [];
        var fingerprint = Fingerprint(parts);
        var manifestPath = Path.Combine(directory, TokenShardManifest.FileName);
        if (File.Exists(manifestPath))
        {
            try
            {
                var current = TokenShardManifest.Load(manifestPath);
                if (current.SourceFingerprint == fingerprint
                    && current.Splits.Values.SelectMany(s => s.Shards).SelectMany(s => s.Files).All(f => File.Exists(Path.Combine(directory, f.Path))))
                {
                    _context.Log($"token shards in {directory} are current ({current.Tokens} tokens)");
                    return current;
                }
            }
            catch (InvalidDataException)
            {
                // An unreadable manifest is rebuilt below.
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var documents = new List<DocumentRef>();
        var tokenFiles = new string[parts.Length];
        for (var p = 0; p < parts.Length; p++)
        {
            var name = Path.GetFileName(parts[p])[..^".docs.jsonl".Length];
            tokenFiles[p] = Path.Combine(directory, _partsFolder, "llmc", name + ".bin");
            LoadPart(p, parts[p], tokenFiles[p], documents);
        }

        var ordered = documents.ToArray();
        if (_options.Shuffle) Array.Sort(ordered, static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Part != b.Part ? a.Part.CompareTo(b.Part) : a.Start.CompareTo(b.Start));

        var staging = Path.Combine(directory, StagingFolder);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var manifest = new TokenShardManifest
        {
            Tokenizer = _tokenizer.Identity,
            Dtype = _dtype.Name(),
            Layouts = [.. new[] { "llmc", "megatron" }.Where(_options.Layouts.Contains)],
            Seed = _options.Seed,
            ValidationFraction = _options.ValidationFraction,
            ShardTokens = _options.ShardTokens,
            SourceFingerprint = fingerprint,
            Snapshot = _context.Snapshot > 0 ? _context.Snapshot : null,
        };
        using (var sources = new PartSources(tokenFiles, parts, _dtype))
        {
            manifest.Splits["train"] = WriteSplit("train", ordered.Where(d => !d.Validation), sources, staging);
            manifest.Splits["validation"] = WriteSplit("validation", ordered.Where(d => d.Validation), sources, staging);
        }

        manifest.Tokens = manifest.Splits.Values.Sum(s => s.Tokens);
        manifest.Documents = manifest.Splits.Values.Sum(s => s.Documents);

        File.Delete(manifestPath);
        foreach (var folder in new[] { "llmc", "megatron", "index" })
        {
            var final = Path.Combine(directory, folder);
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            var staged = Path.Combine(staging, folder);
            if (Directory.Exists(staged)) Directory.Move(staged, final);
        }

        Directory.Delete(staging, recursive: true);
        manifest.Save(manifestPath);
        _context.Log($"token shards: {manifest.Documents} documents, {manifest.Tokens} tokens from {parts.Length} part(s) in {clock.Elapsed.TotalSeconds:F1} s -> {directory}");
        return manifest;
    }

    private TokenSplit WriteSplit(string split, IEnumerable<DocumentRef> documents, PartSources sources, string staging)
    {
        var result = new TokenSplit();
        TokenShardFileWriter? writer = null;
        var tokens = new int[1024];
        try
        {
            foreach (var document in documents)
            {
                if (writer is not null && writer.TokenCount > 0 && writer.TokenCount + document.Tokens > _options.ShardTokens)
                {
                    Finish(writer, result);
                    writer = null;
                }

                writer ??= new TokenShardFileWriter(staging, $"{split}_{result.Shards.Count:D6}", _dtype, _options.LayoutFlags);
                if (tokens.Length < document.Tokens) tokens = new int[Math.Max(document.Tokens, tokens.Length * 2)];
                var span = tokens.AsSpan(0, document.Tokens);
                sources.ReadTokens(document, span);
                var lineage = sources.ReadLineage(document);
                writer.Add(span, lineage.Id, lineage.Source, lineage.Provenance);
            }

            if (writer is not null) Finish(writer, result);
            writer = null;
            return result;
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private static void Finish(TokenShardFileWriter writer, TokenSplit split)
    {
        var entry = writer.Commit();
        writer.Dispose();
        split.Shards.Add(entry);
        split.Tokens += entry.Tokens;
        split.Documents += entry.Documents;
    }

    private void LoadPart(int part, string indexPath, string tokenPath, List<DocumentRef> documents)
    {
        if (!File.Exists(tokenPath)) throw new InvalidDataException($"{indexPath}: its token file {tokenPath} is missing.");
        var header = new byte[LlmcShardFormat.HeaderBytes];
        using (var stream = File.OpenRead(tokenPath)) stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var (dtype, count) = LlmcShardFormat.ReadHeader(header, new FileInfo(tokenPath).Length, tokenPath);
        if (dtype != _dtype) throw new InvalidDataException($"{tokenPath}: {dtype.Name()} tokens, this tokenizer needs {_dtype.Name()}; rerun with --force.");

        var bytes = File.ReadAllBytes(indexPath);
        var seed = (ulong)_options.Seed;
        var threshold = _options.ValidationFraction;
        long offset = 0, covered = 0;
        var line = 0;
        while (offset < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', (int)offset);
            if (end < 0) end = bytes.Length;
            if (line++ > 0 && end > offset)
            {
                var record = ParseLineage(bytes.AsSpan((int)offset, (int)(end - offset)), indexPath, line);
                if (record.Start != covered) throw new InvalidDataException($"{indexPath}:{line}: document starts at token {record.Start}, expected {covered}.");
                covered += record.Tokens;
                var idHash = XXH64.DigestOf(Encoding.UTF8.GetBytes(record.Id));
                documents.Add(new DocumentRef(
                    part, record.Start, record.Tokens, offset, (int)(end - offset),
                    SplitMix64.Mix(idHash ^ SplitMix64.Mix(seed)),
                    (SplitMix64.Mix(idHash) >> 11) * (1.0 / (1UL << 53)) < threshold));
            }

            offset = end + 1;
        }

        if (covered != count) throw new InvalidDataException($"{indexPath}: documents cover {covered} tokens, {tokenPath} holds {count}.");
    }

    private static IndexedDocument ParseLineage(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        try
        {
            return DocumentIndexFile.ParseRecord(line);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(lineNumber > 0 ? $"{path}:{lineNumber}: {e.Message}" : $"{path}: {e.Message}", e);
        }
    }

    private string Fingerprint(string[] parts)
    {
        var text = new StringBuilder();
        text.Append(_tokenizer.Identity.VocabHash).Append('|').Append(string.Join(",", _options.Layouts.Order(StringComparer.Ordinal)))
            .Append('|').Append(_options.ShardTokens).Append('|').Append(_options.ValidationFraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .Append('|').Append(_options.Shuffle).Append('|').Append(_options.Seed);
        // Parts by name, size and a hash of their lineage (which names every document and its token count): neither
        // the folder's absolute path nor file times, so a copied corpus is current where the original was.
        foreach (var part in parts)
        {
            var info = new FileInfo(part);
            text.Append('\n').Append(info.Name).Append('|').Append(info.Length).Append('|').Append(XXH64.DigestOf(File.ReadAllBytes(part)).ToString("x16"));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Folders are kept relative to the corpus folder, so a corpus copied elsewhere still finds them.
    private void RememberDirectory(string directory)
    {
        var state = Path.Combine(_context.StateDirectory, "outputs.txt");
        var known = File.Exists(state) ? File.ReadAllLines(state).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
        if (known.Add(Path.GetRelativePath(_context.CorpusDirectory, directory).Replace('\\', '/')))
            AtomicFile.WriteAllText(state, string.Join("\n", known.Order(StringComparer.Ordinal)) + "\n");
    }

    private IEnumerable<string> KnownDirectories()
    {
        var state = Path.Combine(_context.StateDirectory, "outputs.txt");
        var all = new SortedSet<string>(_directories, StringComparer.Ordinal);
        if (File.Exists(state))
            all.UnionWith(File.ReadAllLines(state).Where(l => l.Length > 0).Select(l => Path.GetFullPath(Path.Combine(_context.CorpusDirectory, l))));
        return all.Where(Directory.Exists);
    }

    private readonly record struct DocumentRef(int Part, long Start, int Tokens, long LineOffset, int LineLength, ulong Key, bool Validation);

    /// <summary>Open token and lineage files of the parts, read at random positions during assembly.</summary>
    private sealed class PartSources(string[] tokenFiles, string[] indexFiles, TokenDType dtype) : IDisposable
    {
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle?[] _tokens = new Microsoft.Win32.SafeHandles.SafeFileHandle?[tokenFiles.Length];
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle?[] _indexes = new Microsoft.Win32.SafeHandles.SafeFileHandle?[indexFiles.Length];
        private byte[] _buffer = new byte[1 << 16];

        public void ReadTokens(DocumentRef document, Span<int> tokens)
        {
            var handle = _tokens[document.Part] ??= File.OpenHandle(tokenFiles[document.Part]);
            var size = dtype.Size();
            var bytes = Read(handle, LlmcShardFormat.HeaderBytes + document.Start * size, tokens.Length * size, tokenFiles[document.Part]);
            if (dtype == TokenDType.UInt16)
            {
                for (var i = 0; i < tokens.Length; i++) tokens[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
            }
            else
            {
                for (var i = 0; i < tokens.Length; i++) tokens[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]);
            }
        }

        public IndexedDocument ReadLineage(DocumentRef document)
        {
            var handle = _indexes[document.Part] ??= File.OpenHandle(indexFiles[document.Part]);
            return ParseLineage(Read(handle, document.LineOffset, document.LineLength, indexFiles[document.Part]), indexFiles[document.Part], 0);
        }

        public void Dispose()
        {
            foreach (var handle in _tokens.Concat(_indexes)) handle?.Dispose();
        }

        private ReadOnlySpan<byte> Read(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int length, string path)
        {
            if (_buffer.Length < length) _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            var done = 0;
            while (done < length)
            {
                var read = RandomAccess.Read(handle, _buffer.AsSpan(done, length - done), offset + done);
                if (read == 0) throw new InvalidDataException($"{path}: ends before byte {offset + length}.");
                done += read;
            }

            return _buffer.AsSpan(0, length);
        }
    }

    /// <summary>Tokenizes one input shard's documents into its part, in batches tokenized in parallel.</summary>
    private sealed class PartWriter(TokenShardWriter owner, TokenShardFileWriter part) : IShardWriter
    {
        private readonly List<Document> _pending = [];
        private readonly List<List<int>> _ids = [];

        public void Write(Document document)
        {
            _pending.Add(document);
            if (_pending.Count >= owner._options.BatchDocuments) Flush();
        }

        public IReadOnlyList<string> Commit()
        {
            Flush();
            var entry = part.Commit();
            return [.. entry.Files.Select(f => Path.Combine(part.Root, f.Path))];
        }

        public void Abort() => part.Abort();

        public void Dispose() => part.Dispose();

        private void Flush()
        {
            if (_pending.Count == 0) return;
            while (_ids.Count < _pending.Count) _ids.Add([]);
            var tokenizer = owner._tokenizer;
            Parallel.For(0, _pending.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, owner._context.Workers) }, i =>
            {
                _ids[i].Clear();
                tokenizer.EncodeDocument(_pending[i].Text, _ids[i]);
            });
            for (var i = 0; i < _pending.Count; i++)
            {
                var document = _pending[i];
                part.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids[i]), document.Id, document.Source, document.Provenance);
            }

            _pending.Clear();
        }
    }
}
