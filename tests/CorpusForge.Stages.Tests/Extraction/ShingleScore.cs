using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Text;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Token 4-gram shingle F1 between an extraction and its truth, as the extraction bench scores pages
/// (lower-cased word tokens; a text of fewer than four tokens is one shingle).</summary>
internal static class ShingleScore
{
    /// <summary>Runs of white space (no-break spaces included) become one space, as the bench normalises texts
    /// before it looks for snippets or cuts ambiguous texts.</summary>
    public static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static List<string> Tokens(string text) =>
        WordSplitter.Split(text).Select(s => s.Of(text).ToString().ToLowerInvariant()).ToList();

    /// <summary><see cref="FourGramF1"/> with the texts annotators disagree on cut from both sides, where they occur
    /// whole (after white space is normalised): an ambiguous text counts neither for nor against, also when it repeats
    /// a line of the body (USA Today's "Story Highlights" bullets are sentences of the story).</summary>
    public static double FourGramF1WithoutAmbiguous(string extracted, string truth, IEnumerable<string> ambiguous)
    {
        var (text, reference) = (Normalize(extracted), Normalize(truth));
        foreach (var cut in ambiguous.Select(Normalize).Where(a => a.Length > 0))
            (text, reference) = (text.Replace(cut, " ", StringComparison.Ordinal), reference.Replace(cut, " ", StringComparison.Ordinal));
        return FourGramF1(text, reference);
    }

    /// <summary>The dev pages of an article set with their whole truth (NAME.html, NAME.txt, NAME.json with its
    /// "ambiguous" texts, by file name), each scored as the bench scores them: the page decoded as the readers
    /// decode pages, extracted with the default options, 4-gram F1 against its truth with the ambiguous texts cut from
    /// both. Held-out pages (SHA-256 of the name, first byte below 77) are left out: only the bench's full run reports
    /// them.</summary>
    public static List<(string Name, double F1)> DevPageScores(IReadOnlyDictionary<string, byte[]> files)
    {
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var scores = new List<(string Name, double F1)>();
        foreach (var file in files.Keys.Where(f => f.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = file[..^".html".Length];
            if (SHA256.HashData(Encoding.UTF8.GetBytes(name))[0] < 77) continue;
            using var json = JsonDocument.Parse(files[name + ".json"]);
            var html = CharsetDecoder.Decode(files[file], declared: null).Text!;
            var text = extractor.Extract(html, out _, out _)?.Text ?? "";
            var ambiguous = json.RootElement.GetProperty("ambiguous").EnumerateArray().Select(e => e.GetString()!);
            scores.Add((name, FourGramF1WithoutAmbiguous(text, Encoding.UTF8.GetString(files[name + ".txt"]), ambiguous)));
        }

        return scores;
    }

    public static double FourGramF1(string extracted, string truth)
    {
        static Dictionary<string, int> Grams(List<string> t)
        {
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            var n = Math.Min(4, t.Count);
            for (var i = 0; n > 0 && i + n <= t.Count; i++)
            {
                var key = string.Join('\u0001', t.Skip(i).Take(n));
                d[key] = d.GetValueOrDefault(key) + 1;
            }

            return d;
        }

        var a = Grams(Tokens(extracted));
        var b = Grams(Tokens(truth));
        var overlap = a.Sum(kv => Math.Min(kv.Value, b.GetValueOrDefault(kv.Key)));
        var p = a.Count == 0 ? 0 : (double)overlap / a.Values.Sum();
        var r = b.Count == 0 ? 0 : (double)overlap / b.Values.Sum();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
