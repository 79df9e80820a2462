using System.CommandLine;
using System.Text.Json;
using CorpusForge.Core.Engine.ScaleOut;
using CorpusForge.Core.Pipeline;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge phases PIPELINE --tasks N [--json]</c>: the phases a distributed run of the pipeline is
/// cut into, with their task counts and (for the current run) which tasks are done; what schedulers submit.</summary>
public sealed class PhasesCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var pipeline = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML)." };
        var set = CommonOptions.Set();
        var tasks = new Option<int?>("--tasks") { Description = "Tasks of the per-input phases; default $SLURM_ARRAY_TASK_COUNT, then $CORPUSFORGE_TASKS." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON (for `corpusforge slurm`, scripts)." };
        var command = new Command("phases", "Print the phases of a distributed run (`run --phase NAME --task I --tasks N`), in order, with their task counts and progress.")
        {
            pipeline, set, tasks, json,
        };
        command.SetAction((parse, ct) => Cli.GuardAsync(() =>
        {
            var spec = new PipelineLoader(Cli.Registry).Load(parse.GetValue(pipeline)!.FullName, parse.GetValue(set));
            int count;
            try
            {
                count = ScaleOutRunner.Rank(0, parse.GetValue(tasks), Environment.GetEnvironmentVariable).Tasks;
            }
            catch (ArgumentException e)
            {
                throw new ConfigException(spec.FilePath, e.Message);
            }

            var phases = ScaleOutPhases.Cut(spec, count);
            var plan = ScaleOutPlan.Load(spec.CorpusDirectory);
            // A finished run's records do not count for the next run, which starts afresh (a refresh).
            var current = plan is not null && !plan.IsComplete(spec.CorpusDirectory) ? plan : null;
            if (current is not null && current.Tasks != count)
                throw new ConfigException(spec.FilePath, $"an unfinished distributed run of this corpus uses --tasks {current.Tasks}; finish it with --tasks {current.Tasks}, or delete {ScaleOutPlan.Folder(spec.CorpusDirectory)} and {Path.Combine(spec.CorpusDirectory, "exchange")} to abandon it");
            var rows = phases.Select(p => new
            {
                p.Name,
                p.Tasks,
                Missing = current is null ? Enumerable.Range(0, p.Tasks).ToList() : TaskRecord.Missing(spec.CorpusDirectory, current, p.Name, p.Tasks),
            }).ToList();
            if (parse.GetValue(json))
            {
                var document = new
                {
                    pipeline = spec.Name,
                    corpus = spec.CorpusDirectory,
                    tasks = count,
                    generation = current?.Generation,
                    phases = rows.Select(r => new { name = r.Name, tasks = r.Tasks, complete = r.Missing.Count == 0, missing = r.Missing }),
                };
                Console.WriteLine(JsonSerializer.Serialize(document));
                return Task.FromResult(ExitCodes.Ok);
            }

            Console.WriteLine($"{spec.Name}: {count} task(s); corpus {spec.CorpusDirectory}{(current is null ? "" : $"; run {current.Generation} in progress")}");
            foreach (var row in rows)
            {
                var done = row.Tasks - row.Missing.Count;
                Console.WriteLine($"  {row.Name,-8} {row.Tasks,5} task(s)  {done}/{row.Tasks} done    corpusforge run {Path.GetFileName(spec.FilePath)} --phase {row.Name} --tasks {count} --task I");
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
