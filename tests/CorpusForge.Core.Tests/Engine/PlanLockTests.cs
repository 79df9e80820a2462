using CorpusForge.Core.Engine.ScaleOut;

namespace CorpusForge.Core.Tests.Engine;

/// <summary>The plan lock that scale-out tasks starting together take before they read or write the plan.</summary>
public sealed class PlanLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-planlock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Tasks_that_take_the_lock_at_once_hold_it_one_at_a_time_and_none_fails_when_a_holder_lets_go()
    {
        // Four tasks taking and releasing the lock as fast as they can: a holder often lets go between another
        // task's failed create and its look at the file, which once made that task fail (a Slurm map task exited 1).
        var holders = 0;
        var most = 0;
        var taken = 0;
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            try
            {
                for (var i = 0; i < 50; i++)
                {
                    using var held = PlanLock.Take(_dir, _ => { });
                    var now = Interlocked.Increment(ref holders);
                    InterlockedMax(ref most, now);
                    Interlocked.Increment(ref taken);
                    Interlocked.Decrement(ref holders);
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.Equal(200, taken);
        Assert.Equal(1, most);
        Assert.False(File.Exists(Path.Combine(_dir, "plan.lock")));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
