using System.Globalization;
using System.Text.Json;

namespace CorpusForge.Stages.Readers.Transcripts;

/// <summary>Checks <see cref="WebVttParser"/> against a WebVTT test suite whose expected results are JSON files
/// (<c>{"cues": [{"id", "startTime", "endTime", "text"}, …]}</c>, the layout of mozilla/vtt.js's tests): a file agrees
/// when it yields the same cues, in order, with the same identifiers, times (to the millisecond) and raw text.</summary>
public static class WebVttConformance
{
    /// <summary>Outcome for one test file: agreed, or why not; <c>Scored</c> is false when no expected result exists
    /// or when the map marks the expected result as contradicted by the current spec (<c>SPEC: reason</c>).</summary>
    public sealed record Result(string Name, bool Scored, bool Agrees, string? Difference);

    /// <summary>Runs every <c>*.vtt</c> of <paramref name="vttFolder"/>. The expected result of <c>x.vtt</c> is
    /// <c>x.json</c> in <paramref name="expectedFolder"/>, or the one <paramref name="mapFile"/> names for it
    /// (<c>name TAB expected-name</c>, <c>NO-CUES</c>, or <c>SPEC: reason</c>; <c>#</c> comments).</summary>
    public static List<Result> Run(string vttFolder, string expectedFolder, string? mapFile)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mapFile is not null)
        {
            foreach (var line in File.ReadLines(mapFile))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                var parts = line.Split('\t');
                map[parts[0]] = parts[1];
            }
        }

        var results = new List<Result>();
        foreach (var path in Directory.GetFiles(vttFolder, "*.vtt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var target = map.GetValueOrDefault(name, name);
            if (target.StartsWith("SPEC:", StringComparison.Ordinal))
            {
                results.Add(new Result(name, false, false, "expected result contradicts the current spec: " + target[5..].Trim()));
                continue;
            }

            var expectedPath = Path.Combine(expectedFolder, target + ".json");
            List<WebVttCue>? expected = target == "NO-CUES" ? [] : File.Exists(expectedPath) ? ReadExpected(expectedPath) : null;
            if (expected is null)
            {
                results.Add(new Result(name, false, false, "no expected result"));
                continue;
            }

            var decoded = TextDecoder.Decode(File.ReadAllBytes(path), TextEncodingChoice.Auto);
            var actual = decoded.Text is null ? null : WebVttParser.Parse(decoded.Text);
            var difference = Compare(expected, actual ?? []);
            if (difference is { Length: > 120 }) difference = difference[..120] + "…";
            results.Add(new Result(name, true, difference is null, difference));
        }

        return results;
    }

    private static List<WebVttCue> ReadExpected(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var cues = new List<WebVttCue>();
        if (!json.RootElement.TryGetProperty("cues", out var array)) return cues;
        foreach (var cue in array.EnumerateArray())
        {
            cues.Add(new WebVttCue(cue.GetProperty("id").GetString() ?? "", cue.GetProperty("startTime").GetDouble(),
                cue.GetProperty("endTime").GetDouble(), cue.GetProperty("text").GetString() ?? "", 0));
        }

        return cues;
    }

    private static string? Compare(List<WebVttCue> expected, List<WebVttCue> actual)
    {
        if (expected.Count != actual.Count) return $"{actual.Count} cues, expected {expected.Count}";
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (e.Id != a.Id) return $"cue {i + 1}: id '{a.Id}', expected '{e.Id}'";
            if (Math.Abs(e.Start - a.Start) > 0.0005 || Math.Abs(e.End - a.End) > 0.0005)
                return string.Create(CultureInfo.InvariantCulture, $"cue {i + 1}: {a.Start}-{a.End}, expected {e.Start}-{e.End}");
            if (e.Text != a.Text) return $"cue {i + 1}: text '{a.Text}', expected '{e.Text}'";
        }

        return null;
    }
}
