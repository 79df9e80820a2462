using System.Text;
using CorpusForge.Stages.Tests.Web;

namespace CorpusForge.Stages.Tests.Readers;

/// <summary>Seeded mutation fuzzing of the sample WARC in its three layouts (per-record gzip, whole-file gzip,
/// plain): no crash, no hang, and the counts add up on every mutant. The <c>warc-fuzz</c> bench mode runs thousands.</summary>
public sealed class WarcFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-warc-fuzz").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mutants_of_the_sample_warc_never_crash_hang_or_miscount()
    {
        var sample = CorpusForge.Stages.Tests.Support.SourceSamples.Sample("web/sample.warc.gz");
        var perRecord = File.ReadAllBytes(sample);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(perRecord), System.IO.Compression.CompressionMode.Decompress);
        using var plainStream = new MemoryStream();
        gzip.CopyTo(plainStream);
        var plain = plainStream.ToArray();
        var layouts = new (string Name, byte[] Bytes)[] { ("plain.warc", plain), ("record.warc.gz", perRecord), ("whole.warc.gz", WarcBuilder.Gzip(plain)) };
        var failures = new List<string>();
        for (var seed = 0; seed < 240; seed++)
        {
            var (name, bytes) = layouts[seed % layouts.Length];
            // Mutating the decompressed text and recompressing reaches the parser; mutating gzip bytes reaches the inflater.
            var mutant = seed % 6 == 4 ? WarcBuilder.Gzip(WarcMutator.Mutate(plain, seed)) : WarcMutator.Mutate(bytes, seed);
            var path = Path.Combine(_dir, $"{seed}-{name}");
            File.WriteAllBytes(path, mutant);
            var problem = WarcMutator.Check(path, TimeSpan.FromSeconds(10), out _);
            if (problem is not null) failures.Add($"seed {seed} ({name}): {problem}");
            File.Delete(path);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
