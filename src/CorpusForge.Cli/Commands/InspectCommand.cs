using System.CommandLine;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using Spectre.Console;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge inspect PATH</c>: shows documents of an output file, or a corpus folder's summary and the
/// dropped or quarantined documents with their reasons.</summary>
public sealed class InspectCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var path = new Argument<string>("path") { Description = "An output file (.jsonl[.gz|.zst], .parquet) or a corpus folder." };
        var rejected = new Option<string?>("--rejected", "-r") { Description = "Show documents dropped by this stage id (corpus folder only); 'all' for every stage." };
        var quarantine = new Option<bool>("--quarantine", "-q") { Description = "Show quarantined records (corpus folder only)." };
        var reason = new Option<string?>("--reason") { Description = "Only documents dropped for this reason." };
        var id = new Option<string?>("--id") { Description = "Only the document with this id." };
        var limit = new Option<int>("--limit", "-n") { Description = "Most documents to show.", DefaultValueFactory = _ => 10 };
        var full = new Option<bool>("--full") { Description = "Show whole texts instead of the first 400 characters." };
        var command = new Command("inspect", "Show documents of an output file, or a corpus's summary and its dropped documents with their reasons.")
        {
            path, rejected, quarantine, reason, id, limit, full,
        };
        command.SetAction((parse, ct) => Cli.GuardAsync(() =>
        {
            var target = Path.GetFullPath(parse.GetValue(path)!);
            var filter = new Filter(parse.GetValue(reason), parse.GetValue(id), Math.Max(1, parse.GetValue(limit)), parse.GetValue(full));
            if (File.Exists(target))
            {
                ShowDocuments(Read(target, ct), filter);
                return Task.FromResult(ExitCodes.Ok);
            }

            if (!Directory.Exists(target)) throw new FileNotFoundException($"no such file or folder: {target}");
            if (parse.GetValue(rejected) is { } stage) ShowDocuments(RemovedFiles(target, "rejected", stage).SelectMany(f => Read(f, ct)), filter);
            else if (parse.GetValue(quarantine)) ShowDocuments(RemovedFiles(target, "quarantine", null).SelectMany(f => Read(f, ct)), filter);
            else ShowCorpus(target);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private sealed record Filter(string? Reason, string? Id, int Limit, bool Full);

    private static IEnumerable<string> RemovedFiles(string corpus, string kind, string? stage)
    {
        var root = Path.Combine(corpus, kind);
        if (!Directory.Exists(root)) return [];
        var files = Directory.EnumerateFiles(root, "*.jsonl*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".tmp-", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (stage is null or "all") return files;
        var matching = files.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == stage).ToList();
        if (matching.Count == 0)
        {
            var stages = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).Distinct().ToList();
            throw new FileNotFoundException($"no rejected documents for stage '{stage}'. Stages with rejected documents: {(stages.Count > 0 ? string.Join(", ", stages) : "none")}");
        }

        return matching;
    }

    /// <summary>Reads an output file through the registered reader for its format (both read CorpusForge's own
    /// output back whole: metadata, attributes, provenance, drop reasons).</summary>
    private static IEnumerable<Document> Read(string file, CancellationToken ct)
    {
        var name = file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "reader.parquet_v1" : "reader.jsonl_v1";
        if (!Cli.Registry.TryGet(name, out var descriptor)) throw new InvalidDataException($"no reader '{name}' is registered");
        var reader = (IDocumentReader)descriptor.Create(descriptor.CreateDefaultOptions(), ComponentContext.ForDirectory(Path.GetDirectoryName(file)!));
        foreach (var result in reader.Read(new InputFile(file, Path.GetFileName(file), "inspect", new FileInfo(file).Length), ct))
        {
            if (result.Document is not null) yield return result.Document;
            else Console.Error.WriteLine($"unreadable record {result.Bad!.Where}: {result.Bad.Reason}");
        }
    }

    private static void ShowDocuments(IEnumerable<Document> documents, Filter filter)
    {
        var shown = 0;
        foreach (var document in documents)
        {
            var dropReason = document.HasMetadata && document.Metadata.TryGetValue("drop_reason", out var r) ? r as string : null;
            if (filter.Reason is not null && dropReason != filter.Reason) continue;
            if (filter.Id is not null && document.Id != filter.Id) continue;
            if (shown++ == filter.Limit) break;
            var header = $"[bold]{Markup.Escape(document.Id)}[/]";
            if (dropReason is not null)
            {
                var stage = document.Metadata.GetValueOrDefault("drop_stage") as string;
                var detail = document.Metadata.GetValueOrDefault("drop_detail") as string;
                header += $"  [red]dropped by {Markup.Escape(stage ?? "?")}: {Markup.Escape(dropReason)}[/]" + (detail is null ? "" : $" ({Markup.Escape(detail)})");
            }

            AnsiConsole.MarkupLine(header);
            var where = new List<string>();
            if (document.Source is not null) where.Add($"source {document.Source}");
            if (document.Url is not null) where.Add($"url {document.Url}");
            if (document.Provenance.File is not null) where.Add($"from {document.Provenance}");
            if (where.Count > 0) AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(string.Join("; ", where))}[/]");
            if (document.HasAttributes)
                AnsiConsole.MarkupLine($"  [blue]attributes[/] {Markup.Escape(DocumentJson.MapToJson(document.Attributes))}");
            var text = filter.Full || document.Text.Length <= 400 ? document.Text : document.Text[..400] + "…";
            AnsiConsole.WriteLine("  " + text.Replace("\n", "\n  "));
            AnsiConsole.WriteLine();
        }

        if (shown == 0) AnsiConsole.MarkupLine("[grey]no matching documents[/]");
    }

    private static void ShowCorpus(string corpus)
    {
        var latest = Path.Combine(corpus, "stats", "latest.json");
        if (!File.Exists(latest))
            throw new FileNotFoundException($"{corpus} has no stats/latest.json: it is not a corpus folder, or no run finished there yet");
        using var json = JsonDocument.Parse(File.ReadAllText(latest));
        var root = json.RootElement;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(root.GetProperty("pipeline").GetString() ?? "")}[/]  last run {root.GetProperty("started_at").GetString()}, {root.GetProperty("elapsed_seconds").GetDouble():F1} s, {root.GetProperty("workers").GetInt32()} workers");
        foreach (var phase in root.GetProperty("phases").EnumerateArray())
        {
            AnsiConsole.MarkupLine($"phase [bold]{Markup.Escape(phase.GetProperty("name").GetString() ?? "")}[/]: {phase.GetProperty("counts").GetString()}");
            foreach (var stage in phase.GetProperty("stages").EnumerateArray())
            {
                var reasons = string.Join(", ", stage.GetProperty("dropped_by_reason").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt64():N0}"));
                AnsiConsole.MarkupLine($"  {Markup.Escape(stage.GetProperty("id").GetString() ?? "")}: in {stage.GetProperty("in").GetInt64():N0}, out {stage.GetProperty("out").GetInt64():N0}" +
                                       (reasons.Length > 0 ? $", dropped: {Markup.Escape(reasons)}" : ""));
            }
        }

        var data = Directory.Exists(corpus)
            ? Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "state" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(corpus, f))
                .GroupBy(f => f.Split(Path.DirectorySeparatorChar)[0])
            : [];
        foreach (var group in data.OrderBy(g => g.Key, StringComparer.Ordinal))
            AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(group.Key)}/: {group.Count()} file(s)[/]");
        AnsiConsole.MarkupLine("[grey]see dropped documents with: corpusforge inspect CORPUS --rejected STAGE_ID (or --quarantine)[/]");
    }
}
