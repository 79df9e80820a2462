using System.Text.Json;

namespace CorpusForge.Cli.Cluster;

/// <summary>One phase of a distributed run: its name, its task count, and the tasks the engine already counts as done
/// (null when the engine did not say; then the completion record files decide).</summary>
public sealed record PhaseInfo(string Name, int Tasks, IReadOnlyList<int>? Completed);

/// <summary>The phase plan of a distributed run, as <c>corpusforge phases PIPELINE --tasks N --json</c> prints it.</summary>
public sealed record PhasePlan(string Pipeline, string Corpus, int Tasks, IReadOnlyList<PhaseInfo> Phases)
{
    /// <summary>Reads the plan's JSON; <paramref name="source"/> names where it came from in errors.</summary>
    public static PhasePlan Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var phases = root.GetProperty("phases").EnumerateArray().Select(p => new PhaseInfo(
                p.GetProperty("name").GetString() ?? throw new InvalidDataException($"{source}: a phase without a name"),
                p.GetProperty("tasks").GetInt32(),
                p.TryGetProperty("completed", out var done) && done.ValueKind == JsonValueKind.Array
                    ? done.EnumerateArray().Select(t => t.GetInt32()).ToList()
                    : null)).ToList();
            var plan = new PhasePlan(root.GetProperty("pipeline").GetString() ?? "", root.GetProperty("corpus").GetString() ?? "",
                root.GetProperty("tasks").GetInt32(), phases);
            if (plan.Phases.Count == 0) throw new InvalidDataException($"{source}: the plan has no phases");
            if (!Path.IsPathRooted(plan.Corpus)) throw new InvalidDataException($"{source}: corpus '{plan.Corpus}' is not an absolute path");
            foreach (var phase in plan.Phases)
            {
                if (phase.Tasks < 1) throw new InvalidDataException($"{source}: phase '{phase.Name}' has {phase.Tasks} tasks");
                if (!IsSafeName(phase.Name)) throw new InvalidDataException($"{source}: phase name '{phase.Name}' is not a plain name (letters, digits, '-', '_')");
            }

            return plan;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: not a phase plan ({e.Message})", e);
        }
    }

    // Phase names become file names, job names and Kubernetes object names.
    private static bool IsSafeName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
