using System.Text.Json;

namespace CorpusForge.Cli.Cluster;

/// <summary>One phase of a distributed run: its name, its task count, and the tasks without a valid completion record
/// (after a finished run, every task: the next submission is a new run).</summary>
public sealed record PhaseInfo(string Name, int Tasks, IReadOnlyList<int> Missing);

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
                p.GetProperty("missing").EnumerateArray().Select(t => t.GetInt32()).ToList())).ToList();
            var plan = new PhasePlan(root.GetProperty("pipeline").GetString() ?? "", root.GetProperty("corpus").GetString() ?? "",
                root.GetProperty("tasks").GetInt32(), phases);
            if (plan.Phases.Count == 0) throw new InvalidDataException($"{source}: the plan has no phases");
            if (!Path.IsPathRooted(plan.Corpus)) throw new InvalidDataException($"{source}: corpus '{plan.Corpus}' is not an absolute path");
            foreach (var phase in plan.Phases)
            {
                if (phase.Tasks < 1) throw new InvalidDataException($"{source}: phase '{phase.Name}' has {phase.Tasks} tasks");
                if (phase.Missing.Any(t => t < 0 || t >= phase.Tasks))
                    throw new InvalidDataException($"{source}: phase '{phase.Name}' lists a missing task outside 0..{phase.Tasks - 1}");
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
