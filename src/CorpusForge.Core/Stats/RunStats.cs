using System.Text.Json;

namespace CorpusForge.Core.Stats;

/// <summary>Everything a run counted, per phase and stage; written as a versioned JSON file and shown as a table.</summary>
public sealed class RunStats
{
    /// <summary>Format name in the JSON file.</summary>
    public const string Format = "corpusforge.run_stats";

    /// <summary>Format version in the JSON file.</summary>
    public const int Version = 1;

    /// <summary>Pipeline name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock duration.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Worker count.</summary>
    public int Workers { get; init; }

    /// <summary>Phases in order.</summary>
    public List<PhaseStats> Phases { get; } = [];

    /// <summary>Serialises to the versioned JSON form.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("pipeline", Pipeline);
            w.WriteString("started_at", StartedAt.ToString("O"));
            w.WriteNumber("elapsed_seconds", Math.Round(Elapsed.TotalSeconds, 3));
            w.WriteNumber("workers", Workers);
            w.WriteStartArray("phases");
            foreach (var phase in Phases) phase.Write(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>Counts of one phase.</summary>
public sealed class PhaseStats(string name)
{
    /// <summary>Phase name.</summary>
    public string Name { get; } = name;

    /// <summary>Input shards found.</summary>
    public int ShardsTotal { get; set; }

    /// <summary>Input shards skipped because an earlier run completed them with the same configuration.</summary>
    public int ShardsSkipped { get; set; }

    /// <summary>Input shards processed and committed in this run.</summary>
    public int ShardsCompleted { get; set; }

    /// <summary>Input shards that failed (outputs discarded; retried next run), with their errors.</summary>
    public List<ShardFailure> Failures { get; } = [];

    /// <summary>Bytes of input files processed.</summary>
    public long InputBytes { get; set; }

    /// <summary>Reader counters (documents read, records quarantined).</summary>
    public required StageStats Reader { get; init; }

    /// <summary>Stage counters, in pipeline order.</summary>
    public required IReadOnlyList<StageStats> Stages { get; init; }

    /// <summary>Documents written to the outputs (each output receives every kept document).</summary>
    public long Written { get; set; }

    /// <summary>Output files published by this run.</summary>
    public List<string> OutputFiles { get; } = [];

    /// <summary>Bounded profile of the documents of committed shards (histograms, top values, samples) for reports.</summary>
    public CorpusProfile Profile { get; } = new();

    /// <summary>Thresholds the phase's stages decide by, with the stage id.</summary>
    public List<(string Stage, CorpusForge.Core.Stages.ScoreThreshold Threshold)> Thresholds { get; } = [];

    /// <summary>Outputs: writer name and folder relative to the corpus.</summary>
    public List<(string Writer, string Path)> Outputs { get; } = [];

    /// <summary>Time spent on the commit protocol: planning (input identities), loading committed stage state,
    /// saving each input's stage segments and writing, syncing and applying its commit record.</summary>
    public TimeSpan CommitProtocol { get; set; }

    /// <summary>Documents read + bad records = kept + dropped + quarantined: the invariant every run must hold.</summary>
    public bool CountsAddUp(out string explanation)
    {
        var entered = Reader.In;
        // The reader's drops are takedowns (tombstones apply before the stages).
        var dropped = Reader.Dropped + Stages.Sum(s => s.Dropped);
        var quarantined = Reader.Quarantined + Stages.Sum(s => s.Quarantined);
        var kept = Stages.Count > 0 ? Stages[^1].Out : Reader.Out;
        explanation = $"in {entered} = kept {kept} + dropped {dropped} + quarantined {quarantined}";
        return entered == kept + dropped + quarantined;
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteNumber("shards_total", ShardsTotal);
        w.WriteNumber("shards_skipped", ShardsSkipped);
        w.WriteNumber("shards_completed", ShardsCompleted);
        w.WriteNumber("input_bytes", InputBytes);
        w.WriteNumber("documents_written", Written);
        w.WriteNumber("commit_protocol_seconds", Math.Round(CommitProtocol.TotalSeconds, 3));
        w.WriteBoolean("counts_add_up", CountsAddUp(out var explanation));
        w.WriteString("counts", explanation);
        w.WritePropertyName("reader");
        WriteStage(w, Reader);
        w.WriteStartArray("stages");
        foreach (var s in Stages) WriteStage(w, s);
        w.WriteEndArray();
        w.WriteStartArray("failed_shards");
        foreach (var f in Failures)
        {
            w.WriteStartObject();
            w.WriteString("input", f.Input);
            w.WriteString("error", f.Error);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("output_files");
        foreach (var f in OutputFiles) w.WriteStringValue(f);
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        foreach (var (writer, path) in Outputs)
        {
            w.WriteStartObject();
            w.WriteString("writer", writer);
            w.WriteString("path", path);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("thresholds");
        foreach (var (stage, t) in Thresholds)
        {
            w.WriteStartObject();
            w.WriteString("stage", stage);
            w.WriteString("attribute", t.Attribute);
            w.WriteNumber("value", t.Value);
            w.WriteString("bound", t.IsMinimum ? "min" : "max");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WritePropertyName("profile");
        Profile.Write(w);
        w.WriteEndObject();
    }

    private static void WriteStage(Utf8JsonWriter w, StageStats s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("component", s.Component);
        w.WriteNumber("in", s.In);
        w.WriteNumber("out", s.Out);
        w.WriteNumber("dropped", s.Dropped);
        w.WriteNumber("quarantined", s.Quarantined);
        w.WriteNumber("chars_in", s.CharsIn);
        w.WriteNumber("chars_out", s.CharsOut);
        w.WriteNumber("busy_seconds", Math.Round(s.Busy.TotalSeconds, 4));
        w.WriteStartObject("dropped_by_reason");
        foreach (var (reason, n) in s.DroppedByReason) w.WriteNumber(reason, n);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>An input shard that failed, and why.</summary>
public sealed record ShardFailure(string Input, string Error);
