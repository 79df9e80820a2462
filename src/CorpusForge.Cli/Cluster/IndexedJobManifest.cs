using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CorpusForge.Cli.Cluster;

/// <summary>Where the pods find the pipeline, its inputs and the corpus: one shared volume (a ReadWriteMany
/// PersistentVolumeClaim) mounted at the same path as on the machine that wrote the manifests.</summary>
public sealed record SharedVolume(string ClaimName, string MountPath);

/// <summary>Writes a Kubernetes Indexed Job per phase (batch/v1, <c>completionMode: Indexed</c>): Kubernetes runs
/// completions = the phase's task count pods, each with its index in <c>JOB_COMPLETION_INDEX</c>, which
/// <c>corpusforge run --phase</c> takes as its task number. Kubernetes has no dependencies between Jobs, so the phases
/// are applied one after another, each when the previous one completed.</summary>
public static class IndexedJobManifest
{
    /// <summary>The Job object's name: lower-case DNS label of at most 63 characters, as Kubernetes requires.</summary>
    public static string JobName(string pipeline, PhaseInfo phase)
    {
        var name = new string($"corpusforge-{pipeline}-{phase.Name}".ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        // Indexed Job pods get the index appended to their hostname; keep room for it.
        return name.Length <= 50 ? name : name[..50].TrimEnd('-');
    }

    /// <summary>The manifest (YAML; every string is written as a JSON string, which is valid YAML).</summary>
    public static string Write(string image, IReadOnlyList<string> program, string pipeline, string pipelineName, int runTasks, PhaseInfo phase,
        IReadOnlyList<string> passThrough, string workingDirectory, SharedVolume volume)
    {
        var tasks = phase.Tasks.ToString(CultureInfo.InvariantCulture);
        // --tasks is N of the run; a one-task phase (dedup, merge) still gets it, with JOB_COMPLETION_INDEX 0.
        var runCount = runTasks.ToString(CultureInfo.InvariantCulture);
        var command = program.Concat(["run", pipeline, "--phase", phase.Name, "--tasks", runCount]).Concat(passThrough);
        var text = new StringBuilder();
        text.Append($"# Written by corpusforge k8s manifest: phase '{phase.Name}' of pipeline '{pipelineName}', {tasks} task(s).\n");
        text.Append("# Apply when the previous phase's Job has completed; a task whose completion record exists exits 0 at once.\n");
        text.Append("apiVersion: batch/v1\n");
        text.Append("kind: Job\n");
        text.Append("metadata:\n");
        text.Append($"  name: {S(JobName(pipelineName, phase))}\n");
        text.Append("  labels:\n");
        text.Append("    app.kubernetes.io/name: corpusforge\n");
        text.Append($"    corpusforge/pipeline: {S(Label(pipelineName))}\n");
        text.Append($"    corpusforge/phase: {S(Label(phase.Name))}\n");
        text.Append("spec:\n");
        text.Append("  completionMode: Indexed\n");
        text.Append($"  completions: {tasks}\n");
        text.Append($"  parallelism: {tasks}\n");
        // Exit 3 = some inputs failed, listed in the task's completion record (a single process finishes the same
        // way). The pod failure is ignored, not counted against backoffLimit: its replacement finds the record and
        // exits 0 at once, so the Job completes and the next phase can be applied (Kubernetes >= 1.26, podFailurePolicy).
        text.Append("  podFailurePolicy:\n");
        text.Append("    rules:\n");
        text.Append("      - action: Ignore\n");
        text.Append("        onExitCodes:\n");
        text.Append("          containerName: corpusforge\n");
        text.Append("          operator: In\n");
        text.Append("          values: [3]\n");
        text.Append("  template:\n");
        text.Append("    spec:\n");
        text.Append("      restartPolicy: Never\n");
        text.Append("      containers:\n");
        text.Append("        - name: corpusforge\n");
        text.Append($"          image: {S(image)}\n");
        text.Append($"          workingDir: {S(workingDirectory)}\n");
        text.Append($"          command: [{string.Join(", ", command.Select(S))}]\n");
        text.Append("          env:\n");
        text.Append("            - name: CORPUSFORGE_TASKS\n");
        text.Append($"              value: {S(runCount)}\n");
        text.Append("          volumeMounts:\n");
        text.Append("            - name: corpus\n");
        text.Append($"              mountPath: {S(volume.MountPath)}\n");
        text.Append("      volumes:\n");
        text.Append("        - name: corpus\n");
        text.Append("          persistentVolumeClaim:\n");
        text.Append($"            claimName: {S(volume.ClaimName)}\n");
        return text.ToString();
    }

    private static string S(string value) => JsonSerializer.Serialize(value);

    // Label values: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric.
    private static string Label(string value)
    {
        var label = new string(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        label = label.Length <= 63 ? label : label[..63];
        return label.Trim('.', '_', '-');
    }
}
