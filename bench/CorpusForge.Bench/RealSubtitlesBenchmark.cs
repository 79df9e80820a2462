using CorpusForge.Stages.Readers.Transcripts;

namespace CorpusForge.Bench;

/// <summary>Agreement of the WebVTT parser with the expected cues of the real mozilla/vtt.js parser tests in
/// <c>shared/data/epub-subs-dev</c>, for the dev and held-out halves.</summary>
public sealed class RealSubtitlesBenchmark : IBenchmark
{
    public string Name => "vtt-real";

    public string Description => "WebVTT parser vs the expected cues of mozilla/vtt.js's tests (shared/data/epub-subs-dev)";

    public void Run(BenchContext context)
    {
        var folder = SharedData.Folder("epub-subs-dev");
        var map = SharedData.RepositoryFile("tests/CorpusForge.Stages.Tests/Data/vtt/vttjs-expected-map.tsv");
        if (folder is null || map is null)
        {
            context.Out.WriteLine("skipped: shared/data/epub-subs-dev or the repository's vtt map not found");
            return;
        }

        var results = WebVttConformance.Run(Path.Combine(folder, "vtt"), Path.Combine(folder, "vtt-expected"), map);
        foreach (var heldOut in new[] { false, true })
        {
            var label = heldOut ? "held-out" : "dev";
            var part = results.Where(r => SharedData.IsHeldOut(r.Name) == heldOut).ToList();
            var scored = part.Where(r => r.Scored).ToList();
            context.Report($"{label}: files agreeing with expected cues", scored.Count(r => r.Agrees), $"of {scored.Count} scored");
            context.Report($"{label}: agreement", scored.Count == 0 ? 0 : 100.0 * scored.Count(r => r.Agrees) / scored.Count, "%");
            var contradicted = part.Where(r => r.Difference?.StartsWith("expected result contradicts", StringComparison.Ordinal) == true).ToList();
            context.Report($"{label}: expected result contradicts the spec (not scored)", contradicted.Count, "files");
            context.Report($"{label}: files without expected cues (not scored)", part.Count - scored.Count - contradicted.Count, "files");
            // Held-out disagreements are named (to report them) but their details are not shown: nothing is tuned on them.
            foreach (var r in scored.Where(r => !r.Agrees)) context.Out.WriteLine(heldOut ? $"   {r.Name}" : $"   {r.Name}: {r.Difference}");
        }
    }
}
