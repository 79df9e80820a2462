using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Stages.Redaction;

namespace CorpusForge.Bench;

/// <summary>Where the time of <c>redact.pii_v1</c> + <c>redact.secrets_v1</c> goes on the generated PII set: each
/// detector timed on its own (warm, best of five), in MB/s of the whole set.</summary>
/// <remarks>The scanner is timed with all kinds and with each kind alone (a kind's recogniser and the shared
/// candidate search); the secret redactor as a whole and each of its regular expressions alone (found by reflection,
/// so that a new pattern is profiled without editing this file). With <c>PII_PROFILE_ONLY=NAME</c> (a printed name)
/// it runs that one detector for 20 s instead, for a sampling profiler (<c>perf record</c> with
/// <c>DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0</c>).</remarks>
public sealed class PiiProfileBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "pii-profile";

    /// <inheritdoc />
    public string Description => "PII and secrets: MB/s of each detector alone on the generated PII set (dev + held-out), to find the slow parts";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var documents = Math.Max(1, context.SizeMb) * 500;
        var set = PiiEvaluationSet.Generate(false, documents).Concat(PiiEvaluationSet.Generate(true, documents)).Select(d => d.Text).ToArray();
        var bytes = set.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        context.Out.WriteLine($"{set.Length} documents, {bytes / 1e6:F2} MB");

        // Process CPU time, not wall time: the build machine is shared, and a busy neighbour stretches wall time.
        // Warm-up runs for half a second so that the tiered JIT has compiled the hot loops fully.
        using var process = Process.GetCurrentProcess();
        double CpuSeconds()
        {
            process.Refresh();
            return process.TotalProcessorTime.TotalSeconds;
        }

        var timed = new List<(string Name, Action<string> Action)>();
        void Time(string name, Action<string> action) => timed.Add((name, action));

        var all = new PiiScanner(new PiiScannerSettings());
        var secrets = new SecretRedactor(new SecretRedactorOptions());
        var list = new List<PiiMatch>();
        Time("pii + secrets", t => { all.Scan(t, list); secrets.Find(t); });
        Time("pii scanner, all kinds", t => all.Scan(t, list));
        foreach (var kind in Enum.GetValues<PiiKind>())
        {
            var one = new PiiScanner(new PiiScannerSettings { Kinds = [kind] });
            Time($"pii scanner, {kind} only", t => one.Scan(t, list));
        }

        Time("secrets, all", t => secrets.Find(t));
        foreach (var method in typeof(SecretRedactor).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                     .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var regex = (Regex)method.Invoke(null, null)!;
            Time($"secrets regex {method.Name}", t => { foreach (Match _ in regex.Matches(t)) { } });
        }

        // PII_PROFILE_ONLY=NAME runs one detector for 20 s and prints nothing: a target for `perf record`.
        if (Environment.GetEnvironmentVariable("PII_PROFILE_ONLY") is { Length: > 0 } only)
        {
            var target = timed.First(t => t.Name == only).Action;
            var run = Stopwatch.StartNew();
            while (run.Elapsed.TotalSeconds < 20) foreach (var t in set) target(t);
            return;
        }

        // Every detector is warmed up before any is timed, so that the tiered JIT has finished compiling (its
        // background thread's CPU time would otherwise count against the first one measured).
        var printed = 0;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 2)
            foreach (var (_, action) in timed)
                foreach (var t in set) action(t);
        // The first measurements after the warm-up still run slow (late JIT work): the list is timed twice and only
        // the second pass is printed.
        foreach (var (name, action) in timed.Concat(timed))
        {
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                var before = CpuSeconds();
                foreach (var t in set) action(t);
                best = Math.Min(best, Math.Max(1e-4, CpuSeconds() - before));
            }

            if (printed++ >= timed.Count) context.Report(name, bytes / 1e6 / best, "MB/s");
        }
    }
}
