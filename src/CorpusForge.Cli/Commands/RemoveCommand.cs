using System.CommandLine;
using CorpusForge.Core.State;
using CorpusForge.Stages.Takedown;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge remove CORPUS --urls FILE | --domains FILE | --ids FILE</c>: a takedown. Removes the
/// matching documents from the corpus's outputs and token shards, records a snapshot and keeps them out of every
/// later run.</summary>
public sealed class RemoveCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var corpus = new Argument<DirectoryInfo>("corpus") { Description = "A corpus folder (the pipeline's `corpus:`)." };
        var urls = new Option<FileInfo?>("--urls") { Description = "File of URLs, one a line (# comments); compared normalised (scheme/host case, default port, fragment)." };
        var domains = new Option<FileInfo?>("--domains") { Description = "File of domains, one a line; subdomains, case, a trailing dot and a port are covered." };
        var ids = new Option<FileInfo?>("--ids") { Description = "File of document ids, one a line." };
        var command = new Command("remove", "Take documents down: remove them from the JSONL/Parquet outputs and token shards (rewriting only affected files, atomically), record a snapshot, and keep them out of every later run.")
        {
            corpus, urls, domains, ids,
        };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var given = new[] { (TakedownKind.Url, parse.GetValue(urls)), (TakedownKind.Domain, parse.GetValue(domains)), (TakedownKind.Id, parse.GetValue(ids)) }
                .Where(g => g.Item2 is not null).ToList();
            if (given.Count != 1)
            {
                Console.Error.WriteLine("error: give exactly one of --urls FILE, --domains FILE or --ids FILE");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            var (kind, list) = given[0];
            TakedownResult result;
            try
            {
                result = CorpusTakedown.Remove(parse.GetValue(corpus)!.FullName, kind, list!.FullName, line => Console.Error.WriteLine(line));
            }
            catch (TakedownException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            foreach (var (file, count) in result.Removed) Console.WriteLine($"{count,8}  {file}");
            Console.WriteLine(result.Snapshot > 0
                ? $"removed documents from {result.Removed.Count} file(s); {result.Entries} {kind.ToString().ToLowerInvariant()} entr{(result.Entries == 1 ? "y" : "ies")} added to the tombstones; snapshot {result.Snapshot} recorded"
                : "nothing to do: this list was already applied");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
