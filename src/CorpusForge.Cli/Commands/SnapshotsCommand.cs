using System.CommandLine;
using CorpusForge.Core.State;
using Spectre.Console;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge snapshots CORPUS</c>: lists the snapshots in a corpus folder's manifest, one per completed
/// run or takedown.</summary>
public sealed class SnapshotsCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var corpus = new Argument<DirectoryInfo>("corpus") { Description = "A corpus folder (the pipeline's `corpus:`)." };
        var command = new Command("snapshots", "List a corpus's snapshots: inputs, documents and bytes per phase after each run or takedown.") { corpus };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var folder = parse.GetValue(corpus)!.FullName;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"no such corpus folder: {folder}");
            var manifest = CorpusManifest.Load(folder);
            if (manifest.Snapshots.Count == 0)
            {
                Console.WriteLine($"{folder}: no snapshots yet (no run has completed)");
                return Task.FromResult(ExitCodes.Ok);
            }

            var table = new Table().AddColumns("snapshot", "created (UTC)", "phase", "inputs", "input MB", "documents in", "documents kept", "files", "what");
            foreach (var snapshot in manifest.Snapshots)
            {
                foreach (var (phase, counts) in snapshot.Phases)
                {
                    table.AddRow(snapshot.Id.ToString(), snapshot.CreatedAt[..19].Replace('T', ' '), Markup.Escape(phase), counts.Inputs.ToString(),
                        (counts.InputBytes / 1e6).ToString("F1"), counts.DocumentsIn.ToString(), counts.Documents.ToString(),
                        counts.OutputFiles.ToString(), Markup.Escape(snapshot.Note));
                }
            }

            AnsiConsole.Write(table);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
