using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Stages.Tests.Web;

/// <summary>Seeded mutations of WARC files (byte flips, inserted and deleted spans, duplicated records, damaged
/// Content-Length values, changed line endings, truncation) and the invariants the reader must keep on every one of
/// them: it ends, it never crashes, and its counts add up. Shared by the CI fuzz test and the <c>warc-fuzz</c>
/// bench mode (compiled into both).</summary>
public static class WarcMutator
{
    private static readonly string[] Lengths =
    [
        "1000000000000", "9223372036854775807", "9223372036854775000", "99999999999999999999", "-5", "0", "abc", "",
        "18446744073709551615", "2147483648", "4294967296",
    ];

    /// <summary>One mutant of <paramref name="original"/>; the seed decides everything.</summary>
    public static byte[] Mutate(byte[] original, int seed)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(original);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0:
                    for (var i = 0; i < 1 + random.Next(16); i++) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1:
                    var insert = new byte[1 + random.Next(64)];
                    random.NextBytes(insert);
                    bytes.InsertRange(at, insert);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(512)));
                    break;
                case 3:
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(2048));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    ReplaceContentLength(bytes, random);
                    break;
                case 5:
                    ChangeLineEndings(bytes, random, at);
                    break;
                case 6:
                    bytes.InsertRange(at, random.Next(2) == 0 ? "WARC/1.1\r\n"u8.ToArray() : "\r\n\r\nWARC/1.0\r\nContent-Length: 7\r\n\r\n"u8.ToArray());
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static void ReplaceContentLength(List<byte> bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes.ToArray());
        var positions = new List<int>();
        for (var i = text.IndexOf("Content-Length: ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("Content-Length: ", i + 1, StringComparison.Ordinal))
            positions.Add(i + "Content-Length: ".Length);
        if (positions.Count == 0) return;
        var start = positions[random.Next(positions.Count)];
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.ASCII.GetBytes(Lengths[random.Next(Lengths.Length)]));
    }

    private static void ChangeLineEndings(List<byte> bytes, Random random, int at)
    {
        var end = Math.Min(bytes.Count, at + 1 + random.Next(4096));
        var replacement = random.Next(3) switch { 0 => "\n"u8.ToArray(), 1 => "\r\r\n"u8.ToArray(), _ => "\n\n"u8.ToArray() };
        var output = new List<byte>(end - at);
        for (var i = at; i < end; i++)
        {
            if (bytes[i] == '\r' && i + 1 < end && bytes[i + 1] == '\n')
            {
                output.AddRange(replacement);
                i++;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }

        bytes.RemoveRange(at, end - at);
        bytes.InsertRange(at, output);
    }

    /// <summary>Reads <paramref name="path"/> and checks the invariants; returns null when they hold, else what went
    /// wrong. A file that is no longer WARC may fail whole with "unsupported format", which is an allowed outcome.</summary>
    public static string? Check(string path, TimeSpan limit, out WarcReadCounts? counts)
    {
        WarcReadCounts? last = null;
        var length = new FileInfo(path).Length;
        var task = Task.Run(() =>
        {
            var reader = new WarcReader(new WarcReaderOptions { MaxRecordMb = 1 }, CorpusForge.Core.Registry.ComponentContext.ForDirectory(Path.GetDirectoryName(path)!));
            long documents = 0, bad = 0, results = 0;
            try
            {
                foreach (var result in reader.Read(new InputFile(path, Path.GetFileName(path), "fuzz", length), CancellationToken.None))
                {
                    results++;
                    if (result.Document is not null) documents++;
                    else if (result.Bad is not null) bad++;
                    // Every result consumes input: more results than bytes means a loop.
                    if (results > length + 16) return $"{results} results from {length} bytes: reading loops";
                }
            }
            catch (IOException e) when (e.Message.Contains("unsupported format", StringComparison.Ordinal))
            {
                return null;
            }

            last = reader.LastCounts;
            if (last is null) return "no counts after reading";
            if (last.Documents != documents) return $"{documents} documents yielded but counts say {last.Documents}";
            if (last.Quarantined != bad) return $"{bad} quarantined yielded but counts say {last.Quarantined}";
            return null;
        });
        var watch = Stopwatch.StartNew();
        if (!task.Wait(limit))
        {
            counts = null;
            return $"no end after {watch.Elapsed.TotalSeconds:F0} s (hang)";
        }

        counts = last;
        return task.IsFaulted ? $"crash: {task.Exception!.InnerException}" : task.Result;
    }
}
