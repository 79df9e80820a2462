using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using Xunit.Abstractions;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class NearDuplicateEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Default_parameters_meet_the_accuracy_targets_on_a_labelled_corpus()
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 1500, wordsPerDocument: 200, seed: 11);
        using var dir = new TempDir();
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context());
        var results = StageDriver.Run(stage, corpus.Documents);
        var kept = results.Select(r => r.Outcome != StageOutcome.Drop).ToArray();
        var report = corpus.Score(kept);
        foreach (var bin in report.Bins) output.WriteLine($"[{bin.From:F2},{bin.To:F2}) pairs {bin.Pairs,5} recall {bin.Recall:F3}");
        output.WriteLine($"removed {report.Removed} precision {report.Precision:F4} recall>=0.85 {report.RecallAbove085:F4} recall>=0.8 {report.RecallAbove080:F4} lost {report.LostFamilies}");

        Assert.True(report.Pairs() > 500, "the corpus must hold enough labelled pairs");
        Assert.True(report.RecallAbove085 >= 0.99, $"recall at J>=0.85 is {report.RecallAbove085:F4}");
        Assert.True(report.RecallAbove080 >= 0.95, $"recall at J>=0.8 is {report.RecallAbove080:F4}");
        Assert.True(report.Precision >= 0.97, $"precision is {report.Precision:F4}");
        Assert.Equal(0, report.LostFamilies);
    }

    [Fact]
    public void Signature_agreement_estimates_the_true_jaccard_without_bias()
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 600, wordsPerDocument: 200, seed: 12);
        var signer = new MinHashDedupOptions().CreateSigner();
        var signatures = corpus.Documents.Select(d =>
        {
            var s = new uint[signer.Hashes];
            signer.Sign(d.Text, s);
            return s;
        }).ToArray();
        foreach (var bin in corpus.Pairs.GroupBy(p => Math.Floor(p.Jaccard * 10) / 10).Where(g => g.Count() >= 30))
        {
            var truth = bin.Average(p => p.Jaccard);
            var estimate = bin.Average(p => MinHashSigner.EstimateJaccard(signatures[p.A], signatures[p.B]));
            output.WriteLine($"bin {bin.Key:F1}: {bin.Count()} pairs, true {truth:F3}, estimated {estimate:F3}");
            Assert.InRange(estimate - truth, -0.02, 0.02);
        }
    }
}

internal static class ReportExtensions
{
    public static int Pairs(this EvaluationReport report) => report.Bins.Sum(b => b.Pairs);
}
