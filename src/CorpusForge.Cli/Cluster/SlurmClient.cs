using System.Globalization;

namespace CorpusForge.Cli.Cluster;

/// <summary>Talks to Slurm through its command-line tools: sbatch to submit, squeue for queued and running jobs,
/// sacct (or, on a cluster without accounting, scontrol) for finished ones.</summary>
public static class SlurmClient
{
    private const string Install = "Slurm's client tools are needed (Debian: apt-get install slurm-client; scripts/slurm-local.sh starts a one-node cluster)";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Submits a batch script; returns the job id sbatch printed.</summary>
    public static string Submit(string script)
    {
        var result = ExternalTool.Run("sbatch", ["--parsable", script], Timeout, Install);
        if (result.ExitCode != 0)
            throw new ClusterToolException($"sbatch {script} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        // --parsable prints "jobid" or "jobid;cluster".
        var id = result.Out.Trim().Split(';')[0];
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new ClusterToolException($"sbatch {script} printed '{result.Out.Trim()}', not a job id");
        return id;
    }

    /// <summary>Slurm's state of every task of the given array jobs that it still knows about, keyed by (job, task).
    /// <paramref name="notes"/> receives why some information is missing (e.g. accounting disabled).</summary>
    public static IReadOnlyDictionary<(string Job, int? Task), SlurmTaskState> States(IReadOnlyCollection<string> jobIds, List<string> notes)
    {
        var states = new Dictionary<(string, int?), SlurmTaskState>();
        if (jobIds.Count == 0) return states;
        var wanted = jobIds.ToHashSet();
        foreach (var state in Active(wanted)) states[(state.ArrayJobId, state.Task)] = state;

        var sacct = ExternalTool.Find("sacct") is null
            ? null
            : ExternalTool.Run("sacct", ["-n", "-P", "-X", "--format", SlurmJobStates.SacctFields, "-j", string.Join(',', wanted)], Timeout, Install);
        IEnumerable<SlurmTaskState> finished;
        if (sacct is { ExitCode: 0 })
        {
            finished = SlurmJobStates.ParseSacct(sacct.Out);
        }
        else
        {
            // Without a slurmdbd, sacct has no history ("Slurm accounting storage is disabled"); the controller still
            // knows jobs that ended less than MinJobAge ago.
            notes.Add(sacct is null ? "sacct not found; finished jobs come from scontrol" : $"sacct: {sacct.Error.Trim()}; finished jobs come from scontrol");
            finished = wanted.SelectMany(id =>
            {
                var shown = ExternalTool.Run("scontrol", ["show", "job", "-o", id], Timeout, Install);
                return shown.ExitCode == 0 ? SlurmJobStates.ParseScontrol(shown.Out) : [];
            }).ToList();
        }

        foreach (var state in finished.Where(s => wanted.Contains(s.ArrayJobId))) states.TryAdd((state.ArrayJobId, state.Task), state);
        return states;
    }

    /// <summary>The queued or running tasks of the given array jobs.</summary>
    public static IReadOnlyList<SlurmTaskState> Active(IReadOnlySet<string> jobIds)
    {
        if (jobIds.Count == 0) return [];
        var result = ExternalTool.Run("squeue", ["-h", "-r", "-o", SlurmJobStates.SqueueFormat], Timeout, Install);
        if (result.ExitCode != 0) throw new ClusterToolException($"squeue failed (exit {result.ExitCode}): {result.Error.Trim()}");
        return SlurmJobStates.ParseSqueue(result.Out).Where(s => jobIds.Contains(s.ArrayJobId) && s.Active).ToList();
    }
}
