using System.Text.Json;
using System.Text.Json.Serialization;
using CorpusForge.Core.IO;

namespace CorpusForge.Cli.Cluster;

/// <summary>One phase of one submission: the job array it became (null when the phase was already complete).</summary>
public sealed record SubmittedPhase(string Name, int Tasks, string? JobId, IReadOnlyList<int> TaskIds, string? Script);

/// <summary>One <c>corpusforge slurm submit</c>.</summary>
public sealed record Submission(string Stamp, DateTime Submitted, string Pipeline, string PipelineName, int Tasks,
    IReadOnlyList<string> PassThrough, IReadOnlyList<SubmittedPhase> Phases);

/// <summary><c>CORPUS/slurm/jobs.json</c>: every submission of the corpus with its job ids, so that
/// <c>slurm status</c> can ask squeue/sacct about exactly those jobs, and a new submission can refuse while an earlier
/// one still runs.</summary>
public sealed record SlurmJobLedger(string Format, int Version, IReadOnlyList<Submission> Submissions)
{
    private const string FormatName = "corpusforge.slurm_jobs";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The ledger's path in a corpus.</summary>
    public static string PathIn(string corpus) => System.IO.Path.Combine(corpus, CorpusForge.Core.Engine.PipelineRunner.SubmissionsFolder, "jobs.json");

    /// <summary>An empty ledger.</summary>
    public static SlurmJobLedger Empty { get; } = new(FormatName, 1, []);

    /// <summary>Reads the corpus's ledger; empty when the corpus was never submitted.</summary>
    public static SlurmJobLedger Load(string corpus)
    {
        var path = PathIn(corpus);
        if (!File.Exists(path)) return Empty;
        SlurmJobLedger? ledger;
        try
        {
            ledger = JsonSerializer.Deserialize<SlurmJobLedger>(File.ReadAllBytes(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a Slurm job ledger ({e.Message})");
        }

        if (ledger is null || ledger.Format != FormatName || ledger.Version != 1)
            throw new InvalidDataException($"{path}: not a {FormatName} version 1 file");
        return ledger;
    }

    /// <summary>This ledger with <paramref name="submission"/> added, written atomically.</summary>
    public SlurmJobLedger Append(string corpus, Submission submission)
    {
        var next = this with { Submissions = [.. Submissions, submission] };
        var path = PathIn(corpus);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(next, Options) + "\n");
        return next;
    }

    /// <summary>Every job id submitted for the corpus, oldest first.</summary>
    public IReadOnlyList<string> JobIds => Submissions.SelectMany(s => s.Phases).Select(p => p.JobId).OfType<string>().ToList();
}
