using System.CommandLine;
using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge k8s manifest PIPELINE --tasks N</c>: writes one Kubernetes Indexed Job manifest per phase.</summary>
public sealed class K8sCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("k8s", "Run a pipeline on Kubernetes as Indexed Jobs, one per phase (manifests only; apply them with kubectl).");
        command.Subcommands.Add(Manifest());
        return command;
    }

    private static Command Manifest()
    {
        var pipeline = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML)." };
        var tasks = new Option<int>("--tasks", "-n") { Description = "Number of tasks of the per-task phases.", Required = true };
        var image = new Option<string>("--image") { Description = "Container image with corpusforge on its PATH.", DefaultValueFactory = _ => "corpusforge:latest" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for the manifests (default: CORPUS/k8s)." };
        var claim = new Option<string>("--claim") { Description = "PersistentVolumeClaim (ReadWriteMany) holding the pipeline, its inputs and the corpus.", DefaultValueFactory = _ => "corpusforge-data" };
        var mount = new Option<string?>("--mount") { Description = "Where the claim is mounted in the pods: the same path as here (default: the current folder)." };
        var set = CommonOptions.Set();
        var command = new Command("manifest", "Write one Indexed Job manifest per phase (completionMode: Indexed, one pod per task, JOB_COMPLETION_INDEX is the task).")
        {
            pipeline, tasks, image, output, claim, mount, set,
        };
        command.SetAction((parse, _) => ClusterCommands.GuardAsync(() =>
        {
            var count = parse.GetValue(tasks);
            if (count < 1) return Task.FromResult(ClusterCommands.Usage("--tasks must be at least 1"));
            var pipelineFile = parse.GetValue(pipeline)!.FullName;
            var passThrough = (parse.GetValue(set) ?? []).SelectMany(s => new[] { "--set", s }).ToList();
            var plan = SelfCommand.Phases(pipelineFile, count, passThrough);
            var mountPath = Path.GetFullPath(parse.GetValue(mount) ?? Environment.CurrentDirectory);
            // The pods see only the claim: every path they are given must lie under its mount.
            foreach (var (what, path) in new[] { ("the pipeline file", pipelineFile), ("the corpus", plan.Corpus) })
            {
                if (!IsUnder(path, mountPath))
                    return Task.FromResult(ClusterCommands.Usage($"{what} {path} is not under the shared volume's mount {mountPath}; pass --mount with a folder that holds both"));
            }

            var folder = parse.GetValue(output)?.FullName ?? Path.Combine(plan.Corpus, "k8s");
            Directory.CreateDirectory(folder);
            var files = new List<string>();
            for (var k = 0; k < plan.Phases.Count; k++)
            {
                var phase = plan.Phases[k];
                var file = Path.Combine(folder, $"{k + 1}-{phase.Name}.yaml");
                File.WriteAllText(file, IndexedJobManifest.Write(parse.GetValue(image)!, ["corpusforge"], pipelineFile, plan.Pipeline, plan.Tasks, phase, passThrough,
                    Environment.CurrentDirectory, new SharedVolume(parse.GetValue(claim)!, mountPath)));
                files.Add(file);
                Console.WriteLine($"phase {phase.Name}: {phase.Tasks} task(s) -> {file}");
            }

            Console.WriteLine("apply them in order, each when the previous one has completed:");
            for (var k = 0; k < plan.Phases.Count; k++)
            {
                Console.WriteLine($"  kubectl apply -f {files[k]} && kubectl wait --for=condition=complete --timeout=-1s job/{IndexedJobManifest.JobName(plan.Pipeline, plan.Phases[k])}");
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
