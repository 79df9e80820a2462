using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Dedup;

/// <summary>MinHash near-dedup in four stages that talk through files, each runnable as N independent tasks (on one
/// machine or a cluster): signatures → buckets → clusters → removal. With <see cref="KeepRule.FirstSeen"/> it removes
/// exactly what <see cref="MinHashDedupStage"/> removes from the same documents in the same order, with the same
/// attributes; the other keep rules need the whole cluster and exist only here.</summary>
/// <remarks>
/// Every task of a stage must see the same ordered list of input files. Files under <c>work</c>:
/// <list type="bullet">
/// <item><c>signatures/NNNNNN.sig</c> (per input file; magic <c>CFMHSIG1</c>): per document its flags, text length,
/// score, offsets into <c>.ids</c> (UTF-8 ids) and <c>.sets</c> (sorted shingle hashes), and the signature.</item>
/// <item><c>buckets/TTTT-of-NNNN.pairs</c> (magic <c>CFMHPAR1</c>): candidate pairs (later, earlier) by global
/// ordinal, from the band keys with key mod N = T; the earlier one is among the first
/// <see cref="MinHashDedupOptions.MaxBucketCandidates"/> of its bucket, as in the stage.</item>
/// <item><c>clusters/TTTT-of-NNNN.removed</c> (magic <c>CFMHREM1</c>): removed ordinal, kept ordinal, similarity,
/// for the connected components of candidates whose smallest ordinal mod N = T.</item>
/// </list>
/// All headers carry a format version and a configuration number; a stage refuses files of another configuration.
/// </remarks>
public sealed class MultiStageMinHash
{
    /// <summary>Version of every file format written here.</summary>
    public const int FormatVersion = 1;

    private const int SigHeader = 64;
    private const int PairHeader = 32;
    private static readonly ulong SigMagic = Magic("CFMHSIG1");
    private static readonly ulong PairMagic = Magic("CFMHPAR1");
    private static readonly ulong RemovedMagic = Magic("CFMHREM1");

    private readonly MinHashDedupOptions _options;
    private readonly int _length;
    private readonly int _config;

    /// <summary>Creates the runner over a work folder shared by all tasks.</summary>
    public MultiStageMinHash(MinHashDedupOptions options, string workDirectory)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        _options = options;
        WorkDirectory = workDirectory;
        _length = options.SignatureLength;
        _config = MinHashDedupStage.ConfigurationKind(options) ^ (int)options.Keep;
    }

    /// <summary>The folder holding every intermediate file.</summary>
    public string WorkDirectory { get; }

    private int RecordSize => 40 + 4 * _length;

    /// <summary>Stage 1: signatures of the documents of files <c>i</c> with i mod <paramref name="tasks"/> =
    /// <paramref name="task"/>.</summary>
    public void Signatures(IReadOnlyList<InputFile> files, Func<InputFile, IEnumerable<Document>> read, int task, int tasks)
    {
        CheckTask(task, tasks);
        var signer = _options.CreateSigner();
        var directory = Path.Combine(WorkDirectory, "signatures");
        Directory.CreateDirectory(directory);
        for (var f = task; f < files.Count; f += tasks)
        {
            var stem = Path.Combine(directory, $"{f:D6}");
            using var sig = AtomicFile.Create(stem + ".sig");
            using var ids = AtomicFile.Create(stem + ".ids");
            using var sets = AtomicFile.Create(stem + ".sets");
            sig.Stream.Write(new byte[SigHeader]);
            var record = new byte[RecordSize];
            var signature = new uint[_length];
            long count = 0, idOffset = 0, setOffset = 0;
            foreach (var document in read(files[f]))
            {
                var shingles = _options.Verify == Verification.Exact
                    ? signer.Sign(document.Text, signature, out var set)
                    : SignOnly(signer, document.Text, signature, out set);
                var idBytes = Encoding.UTF8.GetBytes(document.Id);
                BinaryPrimitives.WriteInt32LittleEndian(record, shingles > 0 ? 1 : 0);
                BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(4), document.Text.Length);
                BinaryPrimitives.WriteDoubleLittleEndian(record.AsSpan(12), document.TryGetScore(_options.ScoreAttribute, out var score) ? score : double.NaN);
                BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(20), idOffset);
                BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(28), setOffset);
                BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(36), set.Length);
                MemoryMarshal.AsBytes(signature.AsSpan()).CopyTo(record.AsSpan(40));
                sig.Stream.Write(record);
                var lengthPrefix = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(lengthPrefix, idBytes.Length);
                ids.Stream.Write(lengthPrefix);
                ids.Stream.Write(idBytes);
                sets.Stream.Write(MemoryMarshal.AsBytes(set.AsSpan()));
                idOffset += 4 + idBytes.Length;
                setOffset += set.Length;
                count++;
            }

            var header = new byte[SigHeader];
            BinaryPrimitives.WriteUInt64LittleEndian(header, SigMagic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), _config);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), _length);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), count);
            sig.Stream.Position = 0;
            sig.Stream.Write(header);
            ids.Commit();
            sets.Commit();
            sig.Commit();
        }
    }

    /// <summary>Stage 2: candidate pairs from the band keys with key mod <paramref name="tasks"/> = <paramref name="task"/>.</summary>
    public void Buckets(int fileCount, int task, int tasks)
    {
        CheckTask(task, tasks);
        var bands = _options.CreateBands();
        var entries = new List<(ulong Key, long Ordinal)>();
        var keys = new ulong[bands.Bands];
        using (var signatures = SignatureSet.Open(this, fileCount))
        {
            for (long ordinal = 0; ordinal < signatures.Count; ordinal++)
            {
                if (!signatures.HasSignature(ordinal)) continue;
                bands.BandKeys(signatures.Signature(ordinal), keys);
                foreach (var key in keys)
                {
                    if (key % (ulong)tasks == (ulong)task) entries.Add((key, ordinal));
                }
            }
        }

        entries.Sort();
        var pairs = new List<(long Later, long Earlier)>();
        for (var start = 0; start < entries.Count;)
        {
            var end = start + 1;
            while (end < entries.Count && entries[end].Key == entries[start].Key) end++;
            // As in the stage: a bucket remembers its first K members, and each later member meets those before it.
            for (var p = start + 1; p < end; p++)
            {
                for (var e = start; e < Math.Min(p, start + _options.MaxBucketCandidates); e++) pairs.Add((entries[p].Ordinal, entries[e].Ordinal));
            }

            start = end;
        }

        pairs.Sort();
        var directory = Path.Combine(WorkDirectory, "buckets");
        WriteRecords(Path.Combine(directory, $"{task:D4}-of-{tasks:D4}.pairs"), PairMagic, pairs.Distinct().Select(p => ((ulong)p.Later, (ulong)p.Earlier, 0.0)).ToList(), withSimilarity: false);
    }

    /// <summary>Stage 3: decides, for the candidate components whose smallest ordinal mod <paramref name="tasks"/> =
    /// <paramref name="task"/>, which documents are removed and which member each one duplicates.</summary>
    public void Clusters(int fileCount, int bucketTasks, int task, int tasks)
    {
        CheckTask(task, tasks);
        var earlier = new Dictionary<long, List<long>>();
        var components = new UnionFind();
        for (var t = 0; t < bucketTasks; t++)
        {
            foreach (var (later, first, _) in ReadRecords(Path.Combine(WorkDirectory, "buckets", $"{t:D4}-of-{bucketTasks:D4}.pairs"), PairMagic, withSimilarity: false))
            {
                (earlier.TryGetValue((long)later, out var list) ? list : earlier[(long)later] = []).Add((long)first);
                components.Union((long)later, (long)first);
            }
        }

        var removed = new List<(ulong, ulong, double)>();
        using (var signatures = SignatureSet.Open(this, fileCount))
        {
            var members = components.Members.GroupBy(components.Find).Where(g => g.Key % tasks == task).OrderBy(g => g.Key);
            foreach (var component in members)
            {
                var ordered = component.Order().ToList();
                if (_options.Keep == KeepRule.FirstSeen) FirstSeen(ordered, earlier, signatures, removed);
                else BestOfCluster(ordered, earlier, signatures, removed);
            }
        }

        removed.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        WriteRecords(Path.Combine(WorkDirectory, "clusters", $"{task:D4}-of-{tasks:D4}.removed"), RemovedMagic, removed, withSimilarity: true);
    }

    /// <summary>Stage 4: applies the decisions to files <c>i</c> with i mod <paramref name="tasks"/> = <paramref name="task"/>,
    /// passing every document with <see cref="StageResult.Keep"/> or a <c>near_duplicate</c> drop (and the stage's
    /// attributes) to <paramref name="output"/>.</summary>
    public void Remove(IReadOnlyList<InputFile> files, Func<InputFile, IEnumerable<Document>> read, int clusterTasks, int task, int tasks,
        Action<InputFile, Document, StageResult> output)
    {
        CheckTask(task, tasks);
        using var signatures = SignatureSet.Open(this, files.Count);
        for (var f = task; f < files.Count; f += tasks)
        {
            var (first, count) = signatures.Range(f);
            var decisions = new Dictionary<long, (long Kept, double Similarity)>();
            for (var t = 0; t < clusterTasks; t++)
            {
                foreach (var (ordinal, kept, similarity) in ReadRecords(Path.Combine(WorkDirectory, "clusters", $"{t:D4}-of-{clusterTasks:D4}.removed"), RemovedMagic, withSimilarity: true))
                {
                    if ((long)ordinal >= first && (long)ordinal < first + count) decisions[(long)ordinal] = ((long)kept, similarity);
                }
            }

            long index = 0;
            foreach (var document in read(files[f]))
            {
                if (index >= count) throw new InvalidDataException($"{files[f].FullPath}: has more documents than when its signatures were computed ({count}); rerun the signatures stage");
                var ordinal = first + index++;
                if (!decisions.TryGetValue(ordinal, out var decision))
                {
                    output(files[f], document, StageResult.Keep);
                    continue;
                }

                var keptId = signatures.Id(decision.Kept);
                document.Attributes["dedup.kept_id"] = keptId;
                document.Attributes["dedup.cluster_id"] = keptId;
                document.Attributes["dedup.similarity"] = Math.Round(decision.Similarity, 4);
                output(files[f], document, StageResult.Drop("near_duplicate", $"~{decision.Similarity:F2} similar to the cluster of {keptId}"));
            }

            if (index != count) throw new InvalidDataException($"{files[f].FullPath}: has {index} documents but had {count} when its signatures were computed; rerun the signatures stage");
        }
    }

    // The stage's rule, replayed in input order inside one component: a document is removed when an earlier
    // candidate, kept or removed, passes verification; the earliest such candidate decides its cluster, whose keeper
    // (the cluster's first member) becomes its kept partner.
    private void FirstSeen(List<long> ordered, Dictionary<long, List<long>> earlier, SignatureSet signatures, List<(ulong, ulong, double)> removed)
    {
        var keeper = new Dictionary<long, long>();
        foreach (var d in ordered)
        {
            keeper[d] = d;
            if (!earlier.TryGetValue(d, out var candidates)) continue;
            foreach (var e in candidates.Distinct().Order())
            {
                var s = signatures.Similarity(d, e);
                if (!_options.IsDuplicate(s)) continue;
                keeper[d] = keeper[e];
                removed.Add(((ulong)d, (ulong)keeper[e], s));
                break;
            }
        }
    }

    // Clusters are the connected components of verified pairs; the best member by the keep rule stays.
    private void BestOfCluster(List<long> ordered, Dictionary<long, List<long>> earlier, SignatureSet signatures, List<(ulong, ulong, double)> removed)
    {
        var verified = new UnionFind();
        foreach (var d in ordered)
        {
            if (!earlier.TryGetValue(d, out var candidates)) continue;
            foreach (var e in candidates.Distinct().Order())
            {
                if (_options.IsDuplicate(signatures.Similarity(d, e))) verified.Union(d, e);
            }
        }

        foreach (var cluster in verified.Members.GroupBy(verified.Find))
        {
            var members = cluster.Order().ToList();
            var best = members[0];
            foreach (var m in members.Skip(1))
            {
                var better = _options.Keep == KeepRule.Longest
                    ? signatures.TextLength(m) > signatures.TextLength(best)
                    : Score(signatures.Score(m)) > Score(signatures.Score(best));
                if (better) best = m;
            }

            foreach (var m in members.Where(m => m != best)) removed.Add(((ulong)m, (ulong)best, signatures.Similarity(m, best)));
        }
    }

    private static double Score(double value) => double.IsNaN(value) ? double.NegativeInfinity : value;

    private static int SignOnly(MinHashSigner signer, string text, Span<uint> signature, out uint[] set)
    {
        set = [];
        return signer.Sign(text, signature);
    }

    private static void CheckTask(int task, int tasks)
    {
        if (tasks < 1 || task < 0 || task >= tasks) throw new ArgumentOutOfRangeException(nameof(task), $"task {task} of {tasks}: need 0 <= task < tasks");
    }

    private static ulong Magic(string text) => BinaryPrimitives.ReadUInt64LittleEndian(Encoding.ASCII.GetBytes(text));

    private void WriteRecords(string path, ulong magic, List<(ulong A, ulong B, double S)> records, bool withSimilarity)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = AtomicFile.Create(path);
        var buffer = new byte[Math.Max(PairHeader, 24)];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, magic);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(12), _config);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(16), records.Count);
        buffer.AsSpan(24, PairHeader - 24).Clear();
        file.Stream.Write(buffer, 0, PairHeader);
        var size = withSimilarity ? 24 : 16;
        foreach (var (a, b, s) in records)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, a);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8), b);
            if (withSimilarity) BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(16), s);
            file.Stream.Write(buffer, 0, size);
        }

        file.Commit();
    }

    private IEnumerable<(ulong A, ulong B, double S)> ReadRecords(string path, ulong magic, bool withSimilarity)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run every task of the previous stage first", path);
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        var buffer = new byte[PairHeader];
        stream.ReadExactly(buffer);
        CheckHeader(path, buffer, magic);
        var count = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(16));
        var size = withSimilarity ? 24 : 16;
        for (long i = 0; i < count; i++)
        {
            stream.ReadExactly(buffer, 0, size);
            yield return (BinaryPrimitives.ReadUInt64LittleEndian(buffer), BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(8)),
                withSimilarity ? BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(16)) : 0);
        }
    }

    private void CheckHeader(string path, ReadOnlySpan<byte> header, ulong magic)
    {
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != magic || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != FormatVersion)
            throw new InvalidDataException($"{path}: not a {Encoding.ASCII.GetString(BitConverter.GetBytes(magic))} file of version {FormatVersion}");
        if (BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != _config)
            throw new InvalidDataException($"{path}: written with other dedup options; rerun the earlier stages with these options or use another work folder");
    }

    /// <summary>Every signature file, addressed by global ordinal (file order, then record order), memory-mapped.</summary>
    private sealed unsafe class SignatureSet : IDisposable
    {
        private readonly MultiStageMinHash _owner;
        private readonly List<(MemoryMappedFile Map, MemoryMappedViewAccessor View, IntPtr Records, long First, long Count, FileStream Ids, FileStream Sets)> _files = [];
        private readonly long[] _firsts;

        private SignatureSet(MultiStageMinHash owner, int fileCount)
        {
            _owner = owner;
            _firsts = new long[fileCount];
            try
            {
                long first = 0;
                for (var f = 0; f < fileCount; f++)
                {
                    var stem = Path.Combine(owner.WorkDirectory, "signatures", $"{f:D6}");
                    if (!File.Exists(stem + ".sig")) throw new FileNotFoundException($"{stem}.sig is missing: run every task of the signatures stage first", stem + ".sig");
                    var map = MemoryMappedFile.CreateFromFile(stem + ".sig", FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
                    var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                    byte* pointer = null;
                    view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
                    pointer += view.PointerOffset;
                    var header = new ReadOnlySpan<byte>(pointer, SigHeader);
                    owner.CheckHeader(stem + ".sig", header, SigMagic);
                    var count = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
                    _firsts[f] = first;
                    _files.Add((map, view, (IntPtr)(pointer + SigHeader), first, count,
                        new FileStream(stem + ".ids", FileMode.Open, FileAccess.Read, FileShare.Read, 1),
                        new FileStream(stem + ".sets", FileMode.Open, FileAccess.Read, FileShare.Read, 1)));
                    first += count;
                }

                Count = first;
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public long Count { get; }

        public static SignatureSet Open(MultiStageMinHash owner, int fileCount) => new(owner, fileCount);

        public (long First, long Count) Range(int file) => (_files[file].First, _files[file].Count);

        public bool HasSignature(long ordinal) => BinaryPrimitives.ReadInt32LittleEndian(Record(ordinal)) != 0;

        public long TextLength(long ordinal) => BinaryPrimitives.ReadInt64LittleEndian(Record(ordinal)[4..]);

        public double Score(long ordinal) => BinaryPrimitives.ReadDoubleLittleEndian(Record(ordinal)[12..]);

        public ReadOnlySpan<uint> Signature(long ordinal) => MemoryMarshal.Cast<byte, uint>(Record(ordinal)[40..]);

        public double Similarity(long a, long b) => _owner._options.Similarity(Signature(a), Set(a), Signature(b), Set(b));

        public string Id(long ordinal)
        {
            var file = _files[FileOf(ordinal)];
            var offset = BinaryPrimitives.ReadInt64LittleEndian(Record(ordinal)[20..]);
            var prefix = new byte[4];
            RandomAccess.Read(file.Ids.SafeFileHandle, prefix, offset);
            var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
            RandomAccess.Read(file.Ids.SafeFileHandle, bytes, offset + 4);
            return Encoding.UTF8.GetString(bytes);
        }

        private uint[] Set(long ordinal)
        {
            if (_owner._options.Verify != Verification.Exact) return [];
            var record = Record(ordinal);
            var set = new uint[BinaryPrimitives.ReadInt32LittleEndian(record[36..])];
            RandomAccess.Read(_files[FileOf(ordinal)].Sets.SafeFileHandle, MemoryMarshal.AsBytes(set.AsSpan()), BinaryPrimitives.ReadInt64LittleEndian(record[28..]) * 4);
            return set;
        }

        private ReadOnlySpan<byte> Record(long ordinal)
        {
            var file = _files[FileOf(ordinal)];
            return new ReadOnlySpan<byte>((byte*)file.Records + (ordinal - file.First) * _owner.RecordSize, _owner.RecordSize);
        }

        private int FileOf(long ordinal)
        {
            var index = Array.BinarySearch(_firsts, 0, _files.Count, ordinal);
            if (index < 0) index = ~index - 1;
            // Skip empty files that share a first ordinal with the next one.
            while (index + 1 < _files.Count && _firsts[index + 1] == ordinal) index++;
            return index;
        }

        public void Dispose()
        {
            foreach (var file in _files)
            {
                file.View.SafeMemoryMappedViewHandle.ReleasePointer();
                file.View.Dispose();
                file.Map.Dispose();
                file.Ids.Dispose();
                file.Sets.Dispose();
            }

            _files.Clear();
        }
    }
}
