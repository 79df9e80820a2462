using System.CommandLine;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using YamlDotNet.RepresentationModel;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge dedup signatures|buckets|clusters|remove --task I --tasks N …</c>: MinHash near-dedup of
/// JSONL files in four stages that exchange files, each stage split into N independent tasks (e.g. a Slurm array).</summary>
public sealed class DedupCommand : ICliCommand
{
    private const string Component = "dedup.minhash_v1";

    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("dedup", "MinHash near-duplicate removal as four stages over files, each runnable as N independent tasks: " +
            "signatures -> buckets -> clusters -> remove. Same result as the dedup.minhash_v1 stage (keep: first_seen), plus keep: longest | highest_score.");
        command.Subcommands.Add(Stage("signatures", "Compute MinHash signatures of the input files i with i mod N = I.",
            (runner, files, previous, task, tasks, _) => runner.Signatures(files, ReadJsonl, task, tasks)));
        command.Subcommands.Add(Stage("buckets", "Find candidate pairs among the band keys with key mod N = I.",
            (runner, files, previous, task, tasks, _) => runner.Buckets(files.Count, task, tasks)));
        command.Subcommands.Add(Stage("clusters", "Decide removals for the candidate clusters whose smallest member mod N = I.",
            (runner, files, previous, task, tasks, _) => runner.Clusters(files.Count, previous ?? Discover(runner.WorkDirectory, "buckets", ".pairs"), task, tasks)));
        command.Subcommands.Add(Stage("remove", "Write kept and removed documents of the input files i with i mod N = I.",
            (runner, files, previous, task, tasks, output) => Remove(runner, files, previous ?? Discover(runner.WorkDirectory, "clusters", ".removed"), task, tasks, output)));
        return command;
    }

    private delegate void StageAction(MultiStageMinHash runner, IReadOnlyList<InputFile> files, int? previousTasks, int task, int tasks, string? output);

    private static Command Stage(string name, string description, StageAction action)
    {
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "Input JSONL files or globs (.jsonl, .jsonl.gz, .jsonl.zst); every task of every stage must get the same list.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        };
        var work = new Option<DirectoryInfo>("--work") { Description = "Folder shared by all tasks for the intermediate files.", Required = true };
        var task = new Option<int>("--task") { Description = "This task's number, 0 <= I < N (e.g. $SLURM_ARRAY_TASK_ID).", DefaultValueFactory = _ => 0 };
        var tasks = new Option<int>("--tasks") { Description = "Number of tasks of this stage (e.g. $SLURM_ARRAY_TASK_COUNT).", DefaultValueFactory = _ => 1 };
        var previous = new Option<int?>("--previous-tasks") { Description = "Tasks the previous stage ran with (default: found from its files)." };
        var option = new Option<string[]>("--option", "-o")
        {
            Description = "A dedup.minhash_v1 option as key=value (ngram, bands, rows, threshold, verify, keep, score_attribute, ...). Repeatable; every stage must get the same options.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<DirectoryInfo>("--output") { Description = "remove: folder for kept/ and removed/ JSONL files." };
        var command = new Command(name, description) { inputs, work, task, tasks, previous, option };
        if (name == "remove") command.Options.Add(output);
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var options = BindOptions(parse.GetValue(option) ?? []);
            var files = InputResolver.Resolve("input", parse.GetValue(inputs) ?? []);
            if (files.Count == 0) throw new ConfigException("--input", "no input file matches");
            if (files.FirstOrDefault(f => Directory.Exists(f.FullPath)) is { } folder)
                throw new ConfigException("--input", $"{folder.FullPath} is a folder; dedup reads JSON Lines files: name them (e.g. {Path.Combine(folder.FullPath, "*.jsonl*")})");
            var outputDirectory = parse.GetValue(output)?.FullName;
            if (name == "remove" && outputDirectory is null) throw new ConfigException("--output", "remove needs --output");
            var runner = new MultiStageMinHash(options, parse.GetValue(work)!.FullName);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            action(runner, files, parse.GetValue(previous), parse.GetValue(task), parse.GetValue(tasks), outputDirectory);
            Console.WriteLine($"dedup {name}: task {parse.GetValue(task)} of {parse.GetValue(tasks)} done in {clock.Elapsed.TotalSeconds:F1} s ({files.Count} input file(s))");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static MinHashDedupOptions BindOptions(string[] pairs)
    {
        if (!Cli.Registry.TryGet(Component, out var descriptor)) throw new InvalidOperationException($"{Component} is not registered");
        var mapping = new YamlMappingNode();
        var errors = new List<ConfigError>();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                errors.Add(new ConfigError("--option", 0, 0, $"'{pair}' is not key=value"));
                continue;
            }

            mapping.Add(new YamlScalarNode(pair[..eq].Trim()), new YamlScalarNode(pair[(eq + 1)..].Trim()));
        }

        var options = (MinHashDedupOptions)OptionsBinder.Bind(descriptor, mapping, "--option", errors);
        if (errors.Count > 0) throw new ConfigException(errors);
        return options;
    }

    // The stage's task count is part of each file name (TTTT-of-NNNN); all of one count must be there.
    private static int Discover(string work, string folder, string extension)
    {
        var directory = Path.Combine(work, folder);
        var counts = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*" + extension).Select(f => Path.GetFileNameWithoutExtension(f).Split("-of-"))
                .Where(p => p.Length == 2 && int.TryParse(p[1], out _)).Select(p => int.Parse(p[1])).Distinct().ToList()
            : [];
        return counts.Count switch
        {
            1 => counts[0],
            0 => throw new FileNotFoundException($"{directory}: no {extension} files; run the previous stage first"),
            _ => throw new InvalidDataException($"{directory}: files of several task counts ({string.Join(", ", counts)}); pass --previous-tasks"),
        };
    }

    private static IEnumerable<Document> ReadJsonl(InputFile file)
    {
        using var reader = new StreamReader(Compression.OpenRead(file.FullPath), Encoding.UTF8);
        long record = 0;
        while (reader.ReadLine() is { } line)
        {
            var where = new Provenance(file.RelativePath, record++);
            if (line.Length == 0) continue;
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file.FullPath}:{where.Record + 1}: not a JSON document ({e.Message}); fix or remove the line, then rerun the signatures stage");
            }

            using (json) yield return DocumentJson.Read(json.RootElement, where);
        }
    }

    private static void Remove(MultiStageMinHash runner, IReadOnlyList<InputFile> files, int clusterTasks, int task, int tasks, string? output)
    {
        var writers = new Dictionary<string, (AtomicFile File, Utf8JsonWriter Json)>();
        long kept = 0, removed = 0;
        try
        {
            runner.Remove(files, ReadJsonl, clusterTasks, task, tasks, (file, document, result) =>
            {
                var drop = result.Outcome == StageOutcome.Drop;
                var path = Path.Combine(output!, drop ? "removed" : "kept", StripExtensions(file.RelativePath) + ".jsonl");
                if (!writers.TryGetValue(path, out var writer))
                {
                    var atomic = AtomicFile.Create(path);
                    writers[path] = writer = (atomic, new Utf8JsonWriter(atomic.Stream, DocumentJson.WriterOptions));
                }

                DocumentJson.Write(writer.Json, document, result.Reason, drop ? Component : null, result.Detail);
                writer.Json.Flush();
                writer.Json.Reset();
                writer.File.Stream.WriteByte((byte)'\n');
                if (drop) removed++;
                else kept++;
            });
            foreach (var (atomic, json) in writers.Values)
            {
                json.Dispose();
                atomic.Commit();
            }
        }
        finally
        {
            foreach (var (atomic, _) in writers.Values) atomic.Dispose();
        }

        Console.WriteLine($"dedup remove: kept {kept}, removed {removed} near-duplicate(s)");
    }

    private static string StripExtensions(string relative)
    {
        foreach (var extension in new[] { ".gz", ".zst", ".zstd", ".jsonl", ".json" })
        {
            if (relative.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) relative = relative[..^extension.Length];
        }

        return relative;
    }
}
