using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Tests.Cluster;

/// <summary>The outputs below were printed by Slurm 22.05 (Debian 12's slurm-wlm, scripts/slurm-local.sh) for two job
/// arrays: job 9 (tasks 0-3; task 1 exited 3, task 3 was scancelled while pending) and job 10 (tasks 0-1, afterok:9,
/// --kill-on-invalid-dep=yes), and job 13 (task 0 scancelled while running).</summary>
public class SlurmJobStatesTests
{
    [Fact]
    public void SqueueListsEveryArrayTaskWithItsStateAndReason()
    {
        const string output = "5|2|PENDING|Resources\n5|3|PENDING|Resources\n6|0|PENDING|Dependency\n6|1|PENDING|Dependency\n5|0|RUNNING|None\n5|1|RUNNING|None\n";
        var states = SlurmJobStates.ParseSqueue(output).ToList();
        Assert.Equal(6, states.Count);
        Assert.All(states, s => Assert.True(s.Active));
        Assert.Equal(new SlurmTaskState("6", 1, "PENDING", "Dependency", null), states[3]);
        Assert.Null(states[4].Reason);
    }

    [Fact]
    public void SacctShowsFinishedFailedAndDependencyCancelledTasks()
    {
        const string output = "9_0|COMPLETED|0:0|None\n9_1|FAILED|3:0|None\n9_2|COMPLETED|0:0|None\n10_[0-1]|CANCELLED|0:0|Dependency\n";
        var states = SlurmJobStates.ParseSacct(output).ToDictionary(s => (s.ArrayJobId, s.Task));
        Assert.Equal(5, states.Count);
        Assert.False(states[("9", 0)].Failed);
        Assert.True(states[("9", 1)].Failed);
        Assert.Equal("3:0", states[("9", 1)].ExitCode);
        // Cancelled while pending: Slurm keeps no accounting line for task 3.
        Assert.False(states.ContainsKey(("9", 3)));
        Assert.Equal(("CANCELLED", "Dependency"), (states[("10", 0)].State, states[("10", 0)].Reason));
        Assert.Equal("CANCELLED", states[("10", 1)].State);
    }

    [Fact]
    public void SacctStepsAreSkippedAndCancelledByNamesTheUser()
    {
        const string output = "13_0|CANCELLED by 0|0:0|None\n13_1|RUNNING|0:0|None\n13_1.batch|RUNNING|0:0|\n13_2|PENDING|0:0|None\n";
        var states = SlurmJobStates.ParseSacct(output).ToList();
        Assert.Equal(3, states.Count);
        Assert.Equal(new SlurmTaskState("13", 0, "CANCELLED", "cancelled by uid 0", "0:0"), states[0]);
        Assert.True(states[0].Failed);
        Assert.True(states[1].Active);
    }

    [Fact]
    public void SacctOfAJobWithoutAnArrayHasNoTask()
    {
        var state = Assert.Single(SlurmJobStates.ParseSacct("16|TIMEOUT|0:0|None\n"));
        Assert.Equal(("16", (int?)null, "TIMEOUT"), (state.ArrayJobId, state.Task, state.State));
        Assert.Throws<FormatException>(() => SlurmJobStates.ParseSacct("16|TIMEOUT\n").ToList());
    }

    [Fact]
    public void ScontrolLinesGiveTasksRangesAndTheCancelledRemainder()
    {
        // Trimmed to the fields that matter (scontrol prints ~60 per line; the parser reads keys wherever they are).
        const string output =
            "JobId=5 ArrayJobId=5 ArrayTaskId=4294967294 JobName=k.sh UserId=root(0) JobState=CANCELLED Reason=Resources Dependency=(null) ExitCode=0:0 WorkDir=/tmp/slt\n" +
            "JobId=8 ArrayJobId=5 ArrayTaskId=1 JobName=k.sh UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0 WorkDir=/tmp/slt\n" +
            "JobId=6 ArrayJobId=6 ArrayTaskId=0-1 JobName=k.sh UserId=root(0) JobState=CANCELLED Reason=DependencyNeverSatisfied Dependency=afterok:5_*(failed) ExitCode=0:0\n" +
            "JobId=4 ArrayJobId=1 ArrayTaskId=2 JobName=j.sh JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0\n";
        var states = SlurmJobStates.ParseScontrol(output).ToDictionary(s => (s.ArrayJobId, s.Task));
        Assert.Equal("CANCELLED", states[("5", null)].State);
        Assert.Equal("COMPLETED", states[("5", 1)].State);
        Assert.Equal("DependencyNeverSatisfied", states[("6", 0)].Reason);
        Assert.Equal("CANCELLED", states[("6", 1)].State);
        Assert.Equal(("FAILED", "3:0"), (states[("1", 2)].State, states[("1", 2)].ExitCode));
    }
}
