using System.Reflection;
using CorpusForge.Bench;

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var names = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
int Flag(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

if (names.Count == 0)
{
    Console.WriteLine("usage: bench NAME... [--size-mb N] [--workers N] [--part PART]   (or: bench all)");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-16} {b.Description}");
    return 1;
}

var selected = names.Contains("all") ? benchmarks : benchmarks.Where(b => names.Contains(b.Name)).ToList();
var unknown = names.Where(n => n != "all" && benchmarks.All(b => b.Name != n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown benchmark(s): {string.Join(", ", unknown)}; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

foreach (var benchmark in selected)
{
    var work = Path.Combine(Path.GetTempPath(), $"corpusforge-bench-{benchmark.Name}-{Environment.ProcessId}");
    Directory.CreateDirectory(work);
    try
    {
        Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
        var part = Array.IndexOf(args, "--part") is var p && p >= 0 && p + 1 < args.Length ? args[p + 1] : null;
        benchmark.Run(new BenchContext(work, Flag("--size-mb", 100), Flag("--workers", Environment.ProcessorCount), Console.Out) { Part = part });
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

return 0;
